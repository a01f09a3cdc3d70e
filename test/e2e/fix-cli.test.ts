import {mkdtempSync, readFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {scaledTiming} from '../../source/simulator/model.js';
import {buildScenario, type ScenarioName} from '../../source/simulator/scenarios.js';
import {runCli, simulatorEnv} from '../helpers/cli.js';
import {standInDocker} from '../helpers/fixing.js';
import {simulate} from '../helpers/simulated-aws.js';

async function world(scenario: ScenarioName = 'seed-fargate') {
	const account = buildScenario(scenario);
	account.timing = scaledTiming(500);
	const simulator = await simulate(account);
	const log = path.join(mkdtempSync(path.join(tmpdir(), 'execdoctor-docker-')), 'calls.jsonl');
	const env = simulatorEnv(simulator.url, {
		PATH: [standInDocker, path.dirname(process.execPath)].join(path.delimiter),
		FAKE_DOCKER_URL: simulator.url,
		FAKE_DOCKER_LOG: log,
		EXECDOCTOR_POLL_MS: '20',
	});
	const dockerCalls = () =>
		existsSync(log)
			? readFileSync(log, 'utf8')
					.trim()
					.split('\n')
					.filter(Boolean)
					.map(line => JSON.parse(line) as {argv: string[]; stdin: string})
			: [];
	const mutating = () => simulator.calls.filter(call => /^(ecs:(Register|Update)|apprunner:(StartDeployment|UpdateService))/.test(call.action));
	return {simulator, env, dockerCalls, mutating};
}

const grafana = ['fix', '--cluster', 'observability', '--service', 'grafana'];

describe('execdoctor fix', () => {
	it('prints the exact plan with --dry-run and changes nothing', async () => {
		const {env, dockerCalls, mutating} = await world();
		const result = await runCli([...grafana, '--strategy', 'repush', '--source', 'grafana/grafana:latest', '--dry-run'], {env});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('execdoctor fix · repush · ECS service observability/grafana');
		expect(result.stdout).toContain('ecr:GetAuthorizationToken registryIds=["123456789012"]');
		expect(result.stdout).toContain('docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com');
		expect(result.stdout).toContain('docker pull --platform linux/amd64 grafana/grafana:latest');
		expect(result.stdout).toContain('docker push --platform linux/amd64 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest');
		expect(result.stdout).toContain('ecs:UpdateService cluster=observability service=grafana forceNewDeployment=true');
		expect(result.stdout).toContain('Dry run: nothing was changed.');
		expect(mutating()).toEqual([]);
		expect(dockerCalls().filter(call => ['login', 'pull', 'push', 'tag'].includes(call.argv[0]!))).toEqual([]);
	});

	it('applies with --yes, verifies, and prints the JSON report; the password never leaves stdin', async () => {
		const {env, dockerCalls} = await world();
		const result = await runCli([...grafana, '--strategy', 'repush', '--source', 'grafana/grafana:latest', '--yes', '--json'], {env, timeoutMs: 30_000});
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report).toMatchObject({
			schemaVersion: 1,
			command: 'fix',
			strategy: 'repush',
			dryRun: false,
			outcome: 'verified',
			verification: {status: 'verified'},
		});
		expect(report.changes).toHaveLength(2);
		for (const change of report.changes) expect(change.undo).toMatch(/^(aws |after putting the tag back)/);
		expect(result.stderr).toContain('execdoctor: [1/7] Get a login token for ECR…');
		const password = dockerCalls().find(call => call.argv[0] === 'login')!.stdin;
		expect(password.length).toBeGreaterThan(10);
		expect(result.stdout + result.stderr).not.toContain(password);
		expect(
			dockerCalls()
				.flatMap(call => call.argv)
				.join(' '),
		).not.toContain(password);
	});

	it('refuses without --yes or --dry-run when there is no terminal, before reading anything', async () => {
		const {env, simulator} = await world();
		const result = await runCli([...grafana, '--strategy', 'repush'], {env});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('Nothing was changed: without a terminal to confirm in, pass --dry-run to see the plan, or --yes to apply it.');
		expect(simulator.calls).toEqual([]);
	});

	it('refuses to push a guessed source with --yes', async () => {
		const {env, mutating} = await world();
		const result = await runCli([...grafana, '--strategy', 'repush', '--yes'], {env});
		expect(result.code).toBe(2);
		// The message wraps as prose: its words, in order.
		expect(result.stdout.replace(/\s+/g, ' ')).toContain(
			'The source grafana/grafana:latest is only a guess from the repository name: nothing was changed. Confirm it with --source grafana/grafana:latest',
		);
		expect(mutating()).toEqual([]);
	});

	it('refuses every fix under --read-only, and bad targets', async () => {
		const {env} = await world();
		const readOnly = await runCli([...grafana, '--strategy', 'repush', '--dry-run', '--read-only'], {env});
		expect(readOnly).toMatchObject({code: 2, stdout: ''});
		expect(readOnly.stderr).toContain('--read-only refuses every fix: nothing was changed.');
		const noTarget = await runCli(['fix', '--strategy', 'repush', '--dry-run'], {env});
		expect(noTarget.stderr).toContain('execdoctor fix needs --cluster and --service, --app-runner-service, or --lambda-function.');
		const unknown = await runCli(['fix', '--cluster', 'observability', '--service', 'nope', '--strategy', 'repush', '--dry-run'], {env});
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('Service "nope" was not found in cluster "observability".');
	});

	it('never offers ARM64 to App Runner', async () => {
		const {env} = await world('seed-apprunner');
		const result = await runCli(['fix', '--app-runner-service', 'grafana', '--strategy', 'patch-task-definition', '--dry-run', '--json'], {env});
		expect(result.code).toBe(2);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'refused', message: expect.stringContaining('App Runner runs x86_64 only')});
	});

	it('exits 1 when the fix is applied but does not verify', async () => {
		const {env} = await world('graviton-ec2');
		const result = await runCli(['fix', '--cluster', 'graviton', '--service', 'worker', '--strategy', 'patch-task-definition', '--yes', '--timeout', '1s'], {
			env,
			timeoutMs: 30_000,
		});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('? timed out');
		expect(result.stdout).toContain('undo: aws ecs update-service --cluster graviton --service worker --task-definition worker:1 --region ap-northeast-1');
	});
});
