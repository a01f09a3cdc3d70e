import {describe, expect, it} from 'vitest';
import {fixTarget} from '../../source/commands/fix-command.js';
import {UsageError} from '../../source/errors.js';
import {colorEnabled, decideMode} from '../../source/mode.js';
import {parseOptions} from '../../source/options.js';
import {parseSince} from '../../source/since.js';

const now = new Date('2026-11-24T12:00:00Z');

describe('parseSince', () => {
	it.each([
		['30m', '2026-11-24T11:30:00.000Z'],
		['6h', '2026-11-24T06:00:00.000Z'],
		['2d', '2026-11-22T12:00:00.000Z'],
		['2026-11-23', '2026-11-23T00:00:00.000Z'],
		['2026-11-23T08:00Z', '2026-11-23T08:00:00.000Z'],
		['2026-11-23T08:00:00+09:00', '2026-11-22T23:00:00.000Z'],
		['2026-11-23T08:00', '2026-11-23T08:00:00.000Z'],
	])('reads %s', (text, iso) => {
		expect(parseSince(text, now).toISOString()).toBe(iso);
	});

	it.each(['0h', '-5m', '5', '5w', 'yesterday', '2026-13-40', '2026-11-25', '120d', '2026-01-01', ''])('refuses %j', text => {
		expect(() => parseSince(text, now)).toThrow(UsageError);
	});
});

describe('parseOptions', () => {
	it('defaults to the app with a 24h window', () => {
		expect(parseOptions([])).toMatchObject({command: 'app', since: '24h', json: false, readOnly: false});
	});

	it('reads the scan flags', () => {
		expect(
			parseOptions(['scan', '--region', 'eu-west-1', '--profile', 'prod', '--since', '6h', '--cluster', 'web', '--service', 'frontend', '--json']),
		).toMatchObject({
			command: 'scan',
			region: 'eu-west-1',
			profile: 'prod',
			since: '6h',
			cluster: 'web',
			service: 'frontend',
			json: true,
		});
	});

	it('takes the ECS revision a fix repairs, as family:revision or ARN, and puts it in the target', () => {
		expect(fixTarget(parseOptions(['fix', '--cluster', 'web', '--service', 'frontend', '--task-definition', 'frontend:2']))).toEqual({
			kind: 'ecs-service',
			cluster: 'web',
			service: 'frontend',
			taskDefinition: 'frontend:2',
		});
		const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/frontend:2';
		expect(parseOptions(['fix', '--task-definition', arn]).taskDefinition).toBe(arn);
		expect(() => fixTarget(parseOptions(['fix', '--app-runner-service', 'grafana', '--task-definition', 'frontend:2']))).toThrow(
			new UsageError('--task-definition is for ECS services; App Runner has none.'),
		);
	});

	it('accepts ARNs for clusters and App Runner services', () => {
		expect(parseOptions(['scan', '--cluster', 'arn:aws:ecs:us-east-1:123456789012:cluster/web']).cluster).toBe(
			'arn:aws:ecs:us-east-1:123456789012:cluster/web',
		);
		expect(parseOptions(['scan', '--app-runner-service', 'arn:aws:apprunner:us-east-1:123456789012:service/web/abc']).appRunnerService).toContain('apprunner');
	});

	it('takes several regions, profiles and accounts for a scan', () => {
		expect(parseOptions(['scan', '--region', 'eu-west-1,us-east-1,eu-west-1'])).toMatchObject({region: 'eu-west-1', regions: ['eu-west-1', 'us-east-1']});
		expect(parseOptions(['scan', '--region', 'eu-west-1']).regions).toBeUndefined();
		expect(parseOptions(['scan', '--profile', 'prod,shared'])).toMatchObject({profile: 'prod', profiles: ['prod', 'shared']});
		expect(parseOptions(['scan', '--all-regions']).allRegions).toBe(true);
		expect(parseOptions(['scan', '--accounts', '111111111111,222222222222', '--role-name', 'execdoctor-read'])).toMatchObject({
			accounts: ['111111111111', '222222222222'],
			roleName: 'execdoctor-read',
		});
	});

	it.each([
		[['--bogus'], 'Unknown option --bogus.'],
		[['fix', '--region', 'eu-west-1,us-east-1'], 'execdoctor fix works in one region of one account: give one --region and one --profile.'],
		[['scan', '--region', 'eu-west-1,,us-east-1'], '"eu-west-1,,us-east-1" has an empty item: separate names with single commas.'],
		[['scan', '--region', 'eu-west-1,mars-1'], '--region "mars-1" is not an AWS region name (expected something like us-east-1).'],
		[['scan', '--all-regions', '--region', 'eu-west-1'], '--all-regions and --region contradict each other: choose one.'],
		[['scan', '--accounts', '12345'], '--accounts "12345" is not a 12-digit AWS account id.'],
		[['scan', '--accounts', '111111111111'], '--accounts needs --role-name: the role execdoctor assumes in each account.'],
		[['scan', '--role-name', 'reader'], '--role-name needs --accounts or --monitoring-account: the accounts to assume it in.'],
		[['scan', '--monitoring-account'], '--monitoring-account needs --role-name: the role execdoctor assumes in each account with hits.'],
		[
			['scan', '--monitoring-account', '--accounts', '111111111111', '--role-name', 'r'],
			'--monitoring-account finds the accounts itself: give it or --accounts, not both.',
		],
		[['demo', '--all-regions'], '--all-regions does not apply to execdoctor demo.'],
		[['scan', '--region'], '--region needs a value.'],
		[['scan', '--region', 'mars-1'], '--region "mars-1" is not an AWS region name (expected something like us-east-1).'],
		[['scan', '--region', ''], '--region needs a value.'],
		[['scan', '--cluster', 'bad name'], '--cluster "bad name" is not an ECS cluster name or ARN.'],
		[['scan', '--service', 'a/b'], '--service "a/b" is not an ECS service name or ARN.'],
		[['scan', '--app-runner-service', 'ab'], '--app-runner-service "ab" is not an App Runner service name (4–40 letters, digits, - or _) or ARN.'],
		[['frobnicate'], 'Unknown command "frobnicate". Commands: scan, demo, learn, fix, undo, history, check, permissions, report, mcp.'],
		[['fixx'], 'Unknown command "fixx". Did you mean "fix"? Commands: scan, demo, learn, fix, undo, history, check, permissions, report, mcp.'],
		[['sacn'], 'Unknown command "sacn". Did you mean "scan"? Commands: scan, demo, learn, fix, undo, history, check, permissions, report, mcp.'],
		[['scan', '--regoin', 'eu-west-1'], 'Unknown option --regoin. Did you mean --region?'],
		[['scan', '--json-output'], 'Unknown option --json-output. Did you mean --json?'],
		[['scan', 'extra'], 'Unexpected argument "extra".'],
		[['demo', '--region', 'us-east-1'], '--region does not apply to execdoctor demo.'],
		[['scan', '--json=yes'], '--json does not take a value.'],
		[['fix', '--strategy', 'magic'], '--strategy must be one of redeploy, repush, copy-index, rebuild, patch-task-definition, set-architecture; got "magic".'],
		[['fix', '--dry-run', '--yes'], '--dry-run and --yes contradict each other: choose one.'],
		[['scan', '--scenario', 'demo'], '--scenario does not apply to execdoctor scan.'],
		[['fix', '--task-definition', 'frontend'], '--task-definition "frontend" is not a task definition revision (family:revision) or ARN.'],
		[['scan', '--task-definition', 'frontend:2'], '--task-definition does not apply to execdoctor scan.'],
	])('refuses %j with one clear line', (argv, message) => {
		expect(() => parseOptions(argv)).toThrow(new UsageError(message));
	});
});

describe('decideMode', () => {
	const tty = {stdinIsTTY: true, stdoutIsTTY: true, env: {}};

	it('starts the app only with a terminal on both ends', () => {
		expect(decideMode({command: 'app', json: false}, tty)).toBe('interactive');
		expect(decideMode({command: 'app', json: false}, {...tty, stdoutIsTTY: false})).toBe('plain');
		expect(decideMode({command: 'app', json: false}, {...tty, stdinIsTTY: false})).toBe('plain');
		expect(decideMode({command: 'app', json: false}, {...tty, env: {TERM: 'dumb'}})).toBe('plain');
	});

	it('is not fooled by a CI variable on a real terminal', () => {
		expect(decideMode({command: 'app', json: false}, {...tty, env: {CI: 'true'}})).toBe('interactive');
	});

	it('prints JSON whenever --json is given, and plain text for scan', () => {
		expect(decideMode({command: 'app', json: true}, tty)).toBe('json');
		expect(decideMode({command: 'scan', json: false}, tty)).toBe('plain');
		expect(decideMode({command: 'demo', json: false, interactive: false}, tty)).toBe('plain');
	});

	it('respects NO_COLOR and FORCE_COLOR', () => {
		expect(colorEnabled({NO_COLOR: '1'}, true)).toBe(false);
		expect(colorEnabled({FORCE_COLOR: '1'}, false)).toBe(true);
		expect(colorEnabled({}, true)).toBe(true);
		expect(colorEnabled({}, false)).toBe(false);
	});
});
