import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createHash} from 'node:crypto';
import net from 'node:net';
import {describe, expect, it} from 'vitest';
import {buildScenario} from '../../source/simulator/scenarios.js';
import {startSimulator} from '../../source/simulator/server.js';
import {ansiPattern, cleanEnv, cliPath, runCli, simulatorEnv} from '../helpers/cli.js';
import {simulate} from '../helpers/simulated-aws.js';

/** Copies a bundle file and every chunk it imports statically (not through import()), and returns their paths. */
function copyStaticGraph(file: string, target: string, base = path.dirname(file), seen = new Set<string>()): string[] {
	if (seen.has(file)) return [];
	seen.add(file);
	const destination = path.join(target, path.relative(base, file));
	mkdirSync(path.dirname(destination), {recursive: true});
	copyFileSync(file, destination);
	const text = readFileSync(file, 'utf8');
	const imports = [...text.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.[^"']+)["']/g)].map(match =>
		path.resolve(path.dirname(file), match[1]!),
	);
	return [destination, ...imports.flatMap(next => copyStaticGraph(next, target, base, seen))];
}

describe('the binary: start-up', () => {
	it('answers --version and --help with only the entry and its static imports, none of them Ink or the SDK', async () => {
		const alone = mkdtempSync(path.join(tmpdir(), 'execdoctor-entry-'));
		const copied = copyStaticGraph(cliPath, alone);
		for (const file of copied) {
			const text = readFileSync(file, 'utf8');
			expect(text).not.toContain('AmazonEC2ContainerServiceV20141113');
			expect(text).not.toContain('react-reconciler');
			expect(text).not.toContain('yoga');
		}
		const version = await runCli(['--version'], {script: path.join(alone, 'cli.js')});
		expect(version).toMatchObject({code: 0, stderr: ''});
		expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
		const help = await runCli(['--help'], {script: path.join(alone, 'cli.js')});
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('Usage');
		expect(help.stdout).toContain('--since D');
	});

	it('refuses an old Node.js with one line and exit 2', async () => {
		const oldNode = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.11.1'})`;
		const result = await runCli(['--version'], {nodeArgs: ['--import', oldNode]});
		expect(result).toEqual({code: 2, stdout: '', stderr: 'execdoctor needs Node.js 22 or newer; this is Node.js 20.11.1.\n'});
	});

	it.each([
		[['--frobnicate'], 'execdoctor: Unknown option --frobnicate.'],
		[['scan', '--since', 'yesterday'], 'execdoctor: --since takes a duration like 30m, 6h or 2d'],
		[['scan', '--region', 'mars'], 'execdoctor: --region "mars" is not an AWS region name'],
		[['demo', '--scenario', 'nope'], 'execdoctor: Unknown scenario "nope".'],
		[['scan', '--region', '-h'], 'execdoctor: --region needs a value, not an option ("-h").'],
		[['scan', '--profile=-v'], 'execdoctor: --profile needs a value, not an option ("-v").'],
		[['fix', '--source=--quiet'], 'execdoctor: --source needs a value, not an option ("--quiet").'],
		[['fix', '--source', 'a b;rm -rf ~'], 'execdoctor: --source "a b;rm -rf ~" is not an image reference'],
		[['scan', '--since', '2026-11-31'], 'execdoctor: --since "2026-11-31" is not a real date.'],
	])('gives bad input %j one line and exit 2, no stack', async (argv, message) => {
		const result = await runCli(argv);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr.split('\n')[0]).toContain(message);
		expect(result.stderr).toContain('Run `execdoctor --help` for usage.');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});

describe('the binary: credentials and endpoints', () => {
	it('says how to get credentials when there are none', async () => {
		const result = await runCli(['scan'], {env: cleanEnv({AWS_REGION: 'eu-west-1'})});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'execdoctor: No AWS credentials found: pass --profile, set AWS_PROFILE, run `aws configure` or `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.\n',
		);
	});

	it('names an unknown profile', async () => {
		const result = await runCli(['scan', '--profile', 'ghost', '--region', 'eu-west-1']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'execdoctor: AWS profile "ghost" was not found in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).\n',
		);
	});

	it('tells the user to run aws sso login when the SSO session expired', async () => {
		const env = cleanEnv({AWS_REGION: 'eu-west-1'});
		mkdirSync(path.join(env.HOME!, '.aws/sso/cache'), {recursive: true});
		writeFileSync(
			env.AWS_CONFIG_FILE!,
			'[profile work]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n',
		);
		const cacheName = createHash('sha1').update('corp').digest('hex');
		writeFileSync(
			path.join(env.HOME!, '.aws/sso/cache', `${cacheName}.json`),
			JSON.stringify({accessToken: 'old', expiresAt: '2020-01-01T00:00:00Z', region: 'eu-west-1', startUrl: 'https://example.awsapps.com/start'}),
		);
		const result = await runCli(['scan', '--profile', 'work'], {env});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('execdoctor: Your AWS SSO session has expired or is invalid: run `aws sso login --profile work`, then try again.\n');
	});

	it('reports an unreachable endpoint in one line, naming it', async () => {
		const result = await runCli(['scan'], {env: simulatorEnv('http://127.0.0.1:9')});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/^execdoctor: Could not reach the AWS endpoint for sts \(127\.0\.0\.1:9\) in region ap-northeast-1: ECONNREFUSED\. Check --region, AWS_ENDPOINT_URL and your network\.\n$/,
		);
	});

	it('gives up on an endpoint that never answers with one line, within the budget --timeout sets', async () => {
		const sockets = new Set<net.Socket>();
		const hole = net.createServer(socket => (sockets.add(socket), socket.on('data', () => {})));
		await new Promise<void>(resolve => hole.listen(0, '127.0.0.1', resolve));
		try {
			const started = Date.now();
			const result = await runCli(['scan', '--timeout', '3s'], {env: simulatorEnv(`http://127.0.0.1:${(hole.address() as net.AddressInfo).port}`)});
			expect(Date.now() - started).toBeLessThan(6000);
			expect(result.code).toBe(2);
			expect(result.stderr).toMatch(
				/^execdoctor: The AWS endpoint for sts \(127\.0\.0\.1:\d+\) did not answer within 0\.5 s, 3 times, in region ap-northeast-1\. [^\n]+\n$/,
			);
		} finally {
			for (const socket of sockets) socket.destroy();
			hole.close();
		}
	});

	it('honours a per-service endpoint variable over AWS_ENDPOINT_URL', async () => {
		const simulator = await simulate('seed-fargate');
		const result = await runCli(['scan', '--json'], {
			env: simulatorEnv('http://127.0.0.1:9', {
				AWS_ENDPOINT_URL_STS: simulator.url,
				AWS_ENDPOINT_URL_ECS: simulator.url,
				AWS_ENDPOINT_URL_ECR: simulator.url,
				AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: simulator.url,
				AWS_ENDPOINT_URL_APPRUNNER: simulator.url,
			}),
		});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout).findings).toHaveLength(1);
	});
});

describe('the binary: scanning', () => {
	it('exits 1 with a plain report on stdout and progress on stderr, without escape codes under NO_COLOR', async () => {
		const simulator = await simulate('seed-fargate');
		const result = await runCli(['scan'], {env: simulatorEnv(simulator.url, {NO_COLOR: '1', FORCE_COLOR: '1'})});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('✗ ECS service observability/grafana  architecture mismatch');
		expect(result.stdout).toMatch(/^ +Host \(this machine\) +Image \(in ECR\) +Service needs$/m);
		expect(result.stdout).toMatch(/^Platform linux\/\S+ +linux\/arm64\/v8 +linux\/amd64$/m);
		expect(result.stdout).not.toContain('execdoctor: ECS read');
		expect(result.stderr).toContain('execdoctor: ECS read: 1 cluster, 1 service');
		expect(result.stdout).not.toMatch(ansiPattern);
		expect(result.stderr).not.toMatch(ansiPattern);
	});

	it('exits 0 when nothing is found, and says what was searched', async () => {
		const simulator = await simulate('healthy');
		const result = await runCli(['scan'], {env: simulatorEnv(simulator.url)});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('✓ No exec format error incidents found.');
		expect(result.stdout).toContain('Searched 1 ECS cluster, 2 services');
	});

	it('prints one JSON document with the documented fields', async () => {
		const simulator = await simulate('demo');
		const result = await runCli(['scan', '--json'], {env: simulatorEnv(simulator.url)});
		expect(result.code).toBe(1);
		const document = JSON.parse(result.stdout);
		expect(document).toMatchObject({
			schemaVersion: 1,
			account: '123456789012',
			region: 'ap-northeast-1',
			host: {platform: expect.any(String), source: expect.any(String)},
			warnings: [],
		});
		expect(document.host).toHaveProperty('containerdImageStore');
		expect(document.findings).toHaveLength(11);
		for (const finding of document.findings) {
			expect(Object.keys(finding)).toEqual(expect.arrayContaining(['id', 'workload', 'verdict', 'summary', 'image', 'runtime', 'evidence', 'fixes']));
			expect(Object.keys(finding.workload)).toEqual(expect.arrayContaining(['kind', 'name', 'arn']));
			expect(Object.keys(finding.image)).toEqual(expect.arrayContaining(['reference', 'platforms']));
			// blocker only where this machine cannot apply the fix (the tests' machine has no Docker daemon).
			for (const fix of finding.fixes) expect(Object.keys(fix)).toEqual(['id', 'title', 'commands', 'notes', ...('blocker' in fix ? ['blocker'] : [])]);
		}
		const grafana = document.findings.find((finding: {id: string}) => finding.id === 'ecs-service/observability/grafana');
		expect(grafana.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(grafana.runtime.platform).toBe('linux/amd64');
		expect(grafana.evidence[0]).toHaveProperty('kind');
	});

	it('exits 2 with one line for an unknown cluster', async () => {
		const simulator = await simulate('demo');
		const result = await runCli(['scan', '--cluster', 'nope'], {env: simulatorEnv(simulator.url)});
		expect(result).toMatchObject({code: 2, stdout: ''});
		expect(result.stderr.trim().split('\n').at(-1)).toBe('execdoctor: Cluster "nope" was not found in ap-northeast-1.');
	});

	it('lists a denied IAM action in the JSON warnings', async () => {
		const simulator = await startSimulator({account: buildScenario('seed-fargate'), faults: {deny: ['logs:StartQuery']}});
		try {
			const result = await runCli(['scan', '--json'], {env: simulatorEnv(simulator.url)});
			expect(result.code).toBe(1);
			expect(JSON.parse(result.stdout).warnings).toContainEqual({
				code: 'access-denied',
				action: 'logs:StartQuery',
				message: expect.stringContaining('FilterLogEvents'),
			});
		} finally {
			await simulator.close();
		}
	});
});

describe('the binary: demo', () => {
	it('prints the diagnosis of the built-in account and exits 0, whatever AWS settings the shell has', async () => {
		const result = await runCli(['demo'], {env: cleanEnv({AWS_PROFILE: 'production', AWS_ENDPOINT_URL_ECS: 'https://ecs.example.invalid'})});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('scanning the built-in simulated account');
		expect(result.stdout).toContain('11 findings');
		expect(result.stdout).toContain('ECS service observability/grafana  architecture mismatch');
		expect(result.stdout).toContain('App Runner service grafana  architecture mismatch');
	});

	it('shows each container of a task with a failing sidecar, the judged one marked', async () => {
		const result = await runCli(['demo', '--scenario', 'sidecar'], {env: cleanEnv({NO_COLOR: '1'})});
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n');
		const at = lines.findIndex(text => text.startsWith('Containers  2 in the task'));
		expect(at).toBeGreaterThan(0);
		expect(lines.slice(at + 1, at + 8).join('\n')).toMatch(
			/^ {2}app {2}healthy\n {4}\S+\/shop\/checkout:1\.4 {2}linux\/amd64, linux\/arm64\/v8\n {4}exit code 137 \(stopped by ECS with the rest of the task\)\n› log_router {2}architecture mismatch\n {4}\S+\/shop\/fluent-bit:custom {2}linux\/arm64\/v8\n {4}its log stream firelens\/log_router\/[0-9a-f]{32} shows exec format error/,
		);
	});

	it('prints JSON for one scenario', async () => {
		const result = await runCli(['demo', '--scenario', 'healthy', '--json']);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout).findings).toEqual([]);
	});
});

describe('the binary: learn', () => {
	it('prints every chapter with live output from the built-in account when there is no terminal', async () => {
		const result = await runCli(['learn']);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('live output from the built-in simulated account');
		for (const title of ['What a CPU architecture is', 'Multi-platform images and the index', 'Prevention']) expect(result.stdout).toContain(`# ${title}`);
		expect(result.stdout.match(/^---$/gm)).toHaveLength(6);
		expect(result.stdout).toMatch(/ECS service observability\/grafana +grafana\/grafana:latest +manifest +linux\/arm64\/v8/);
		expect(result.stdout).toMatch(/ECS service shop\/checkout \(log_router\) +shop\/fluent-bit:custom +manifest +linux\/arm64\/v8/);
		expect(result.stdout).not.toContain('(generated)');
		// The demo's simulated Mac, not this machine: chapter 1's host is the one chapter 3 explains.
		expect(result.stdout).toMatch(/^Host: linux\/arm64\nSource: docker daemon [\d.]+ \(simulated Apple Silicon Mac\)/m);
		// Plain words: the phrase issue 11 found is gone.
		expect(result.stdout).not.toContain('seed story');
	});

	it("stops with one line when the user's own account cannot be reached", async () => {
		const result = await runCli(['learn', '--region', 'eu-west-1']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('No AWS credentials found');
	});
});
