/**
 * The benchmark: the built binary, end to end, against the simulator with 50 ms per call,
 * the CloudWatch Logs APIs throttled to 5 calls a second each, and AWS's own page sizes (the
 * simulator's small pages off, so maxResults decides). Prints wall times and calls per API.
 * Run with `npm run bench`; `--json` prints the figures as JSON.
 */
import {spawn, spawnSync} from 'node:child_process';
import {spawn as spawnPty} from 'node-pty';
import path from 'node:path';
import {buildScenario, type ScenarioName} from '../../source/simulator/scenarios.js';
import {startSimulator} from '../../source/simulator/server.js';
import type {SimAccount} from '../../source/simulator/account.js';
import {layeredImageAccount, layeredImageLayers} from './layered-image.js';

const cli = path.resolve('dist/cli.js');
const faults = {latencyMs: 50, throttle: {logs: 5}};

type Bytes = {bytesRead: number; layersRead: number; layersTotal: number; verdict?: string};
type Run = {wallMs: number; exitCode: number | null; findings: number; calls: Record<string, number>; bytes?: Bytes};

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

type World = {account: SimAccount; others?: SimAccount[]};

/** The binary's environment: the simulator as its endpoint, nothing of this machine's AWS setup. */
function binaryEnv(simulator: {url: string; account: SimAccount}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		AWS_ENDPOINT_URL: simulator.url,
		AWS_REGION: simulator.account.region,
		AWS_ACCESS_KEY_ID: 'AKIABENCHBENCHBENCH1',
		AWS_SECRET_ACCESS_KEY: 'bench',
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_CONFIG_FILE: '/nonexistent',
	};
}

async function scanOnce(scenario: ScenarioName | (() => SimAccount | World), extraArgs: readonly string[] = []): Promise<Run> {
	const built = typeof scenario === 'string' ? buildScenario(scenario) : scenario();
	const {account, others} = 'account' in built ? built : {account: built, others: undefined};
	const simulator = await startSimulator({account, faults, pageSize: 10_000, ...(others ? {others} : {})});
	const env = binaryEnv(simulator);
	const started = performance.now();
	const {code, stdout} = await new Promise<{code: number | null; stdout: string}>(resolve => {
		const child = spawn(process.execPath, [cli, 'scan', '--json', ...extraArgs], {env, stdio: ['ignore', 'pipe', 'ignore']});
		let output = '';
		child.stdout.on('data', chunk => (output += chunk));
		child.on('close', exitCode => resolve({code: exitCode, stdout: output}));
	});
	const wallMs = performance.now() - started;
	const calls = simulator.countCalls();
	await simulator.close();
	const findings = (JSON.parse(stdout) as {findings: {bytes?: Bytes}[]}).findings;
	const bytes = findings.find(finding => finding.bytes)?.bytes;
	return {wallMs, exitCode: code, findings: findings.length, calls, ...(bytes ? {bytes} : {})};
}

function timeCommand(args: string[], runs: number): number {
	const times: number[] = [];
	for (let index = 0; index < runs; index++) {
		const started = performance.now();
		spawnSync(process.execPath, args, {stdio: 'ignore'});
		times.push(performance.now() - started);
	}
	return median(times);
}

const results: Record<string, unknown> = {};
const asJson = process.argv.includes('--json');
const log = (line: string) => {
	if (!asJson) process.stdout.write(`${line}\n`);
};

/** Calls per API, most first. */
function logCalls(calls: Record<string, number>): void {
	for (const [action, count] of Object.entries(calls).sort((a, b) => b[1] - a[1])) log(`    ${String(count).padStart(4)}  ${action}`);
}

log(`execdoctor benchmark · node ${process.version} · simulator: ${faults.latencyMs} ms per call, Logs APIs throttled to ${faults.throttle.logs}/s each`);
const regions3 = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];
const accountIds = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
/** The large account in three regions of one account. */
const largeIn3Regions = (): World => ({
	account: buildScenario('large'),
	others: regions3.slice(1).map(region => buildScenario('large', {region})),
});
/** Five accounts reached by AssumeRole, each with the seed story in two regions. */
const fiveAccounts = (): World => ({
	account: buildScenario('empty'),
	others: accountIds.flatMap(accountId =>
		['ap-northeast-1', 'eu-west-1'].map(region => {
			const account = buildScenario(region === 'eu-west-1' ? 'seed-apprunner' : 'seed-fargate', {accountId, region});
			account.assumableRoles.add('execdoctor-read');
			return account;
		}),
	),
});

const scenarios = [
	{key: 'seed-fargate', name: 'seed incident (ECS Fargate)', world: 'seed-fargate' as const, args: [], targetMs: 800, targetCalls: 14},
	{key: 'large', name: '20 clusters × 10 services, 400 log groups, 2 incidents', world: 'large' as const, args: [], targetMs: 1200, targetCalls: 80},
	{key: 'large-3-regions', name: 'the same account in 3 regions (--region a,b,c)', world: largeIn3Regions, args: ['--region', regions3.join(',')]},
	{
		key: '5-accounts-2-regions',
		name: '5 accounts × 2 regions (--accounts … --role-name … --region a,b)',
		world: fiveAccounts,
		args: ['--accounts', accountIds.join(','), '--role-name', 'execdoctor-read', '--region', 'ap-northeast-1,eu-west-1'],
	},
];
for (const scenario of scenarios) {
	await scanOnce(scenario.world, scenario.args);
	const runs = [await scanOnce(scenario.world, scenario.args), await scanOnce(scenario.world, scenario.args), await scanOnce(scenario.world, scenario.args)];
	const wall = median(runs.map(run => run.wallMs));
	const calls = runs[0]!.calls;
	const total = Object.values(calls).reduce((sum, count) => sum + count, 0);
	const large = results.large as {wallMs: number} | undefined;
	const targetMs = scenario.targetMs ?? (scenario.key === 'large-3-regions' && large ? Math.round(large.wallMs * 1.3) : undefined);
	results[scenario.key] = {
		wallMs: Math.round(wall),
		targetMs,
		targetCalls: scenario.targetCalls,
		findings: runs[0]!.findings,
		exitCode: runs[0]!.exitCode,
		totalCalls: total,
		calls,
	};
	const timeOk =
		targetMs === undefined
			? ''
			: ` (target ≤ ${targetMs} ms${scenario.key === 'large-3-regions' ? ', 1.3× one region' : ''}) ${wall <= targetMs ? 'OK' : 'OVER'}`;
	const callsOk = scenario.targetCalls === undefined ? '' : ` (target ≤ ${scenario.targetCalls}) ${total <= scenario.targetCalls ? 'OK' : 'OVER'}`;
	log('');
	log(`${scenario.name}: ${Math.round(wall)} ms end to end (median of 3)${timeOk}`);
	log(`  ${runs[0]!.findings} findings, exit ${runs[0]!.exitCode}, ${total} calls${callsOk}:`);
	logCalls(calls);
}

/** `execdoctor check` of the seed's image before a deploy: the per-image path, nothing account-wide. */
async function checkOnce(): Promise<{wallMs: number; exitCode: number | null; calls: Record<string, number>}> {
	const simulator = await startSimulator({account: buildScenario('seed-fargate'), faults, pageSize: 10_000});
	const env = binaryEnv(simulator);
	const image = `${simulator.account.registryHost}/grafana/grafana:latest`;
	const started = performance.now();
	const exitCode = await new Promise<number | null>(resolve =>
		spawn(process.execPath, [cli, 'check', image, '--for', 'ecs:observability/grafana', '--json'], {env, stdio: 'ignore'}).on('close', resolve),
	);
	const wallMs = performance.now() - started;
	const calls = simulator.countCalls();
	await simulator.close();
	return {wallMs, exitCode, calls};
}

await checkOnce();
const checks = [await checkOnce(), await checkOnce(), await checkOnce()];
const checkWall = median(checks.map(run => run.wallMs));
const checkCalls = Object.values(checks[0]!.calls).reduce((sum, count) => sum + count, 0);
results.check = {wallMs: Math.round(checkWall), targetMs: 800, exitCode: checks[0]!.exitCode, totalCalls: checkCalls, calls: checks[0]!.calls};
log('');
log(
	`check before a deploy (the seed's image --for its ECS service): ${Math.round(checkWall)} ms end to end (median of 3) (target ≤ 800 ms) ${checkWall <= 800 ? 'OK' : 'OVER'}`,
);
log(`  exit ${checks[0]!.exitCode}, ${checkCalls} calls:`);
logCalls(checks[0]!.calls);

const totalMiB = layeredImageLayers.reduce((sum, layer) => sum + layer.compressedMiB, 0);
log('');
log(
	`reading the bytes: a ${layeredImageLayers.length}-layer image, ${totalMiB} MiB compressed (${layeredImageLayers.map(layer => `${layer.name} ${layer.compressedMiB}`).join(', ')} MiB), labelled linux/amd64 with an aarch64 binary`,
);
log('  (loopback: no bandwidth limit; on ECR the download dominates, about 1 s per 50 MiB at 400 Mbit/s)');
// `--no-bytes` skips this part: building the 100 MiB images takes a minute.
for (const where of process.argv.includes('--no-bytes') ? [] : (['application', 'base'] as const)) {
	const account = () => layeredImageAccount(where);
	await scanOnce(account);
	const reads = [await scanOnce(account), await scanOnce(account), await scanOnce(account)];
	const skips = [await scanOnce(account, ['--no-layer-read']), await scanOnce(account, ['--no-layer-read'])];
	const wall = median(reads.map(run => run.wallMs));
	const skipped = median(skips.map(run => run.wallMs));
	const bytes = reads[0]!.bytes;
	results[`bytes-${where}`] = {wallMs: Math.round(wall), noLayerReadWallMs: Math.round(skipped), readCostMs: Math.round(wall - skipped), ...bytes};
	log(
		`  binary in the ${where} layer: ${bytes ? `${(bytes.bytesRead / 1024 / 1024).toFixed(1)} MiB read, ${bytes.layersRead} of ${bytes.layersTotal} layers, verdict ${bytes.verdict ?? 'none'}` : 'no bytes read'}; scan ${Math.round(wall)} ms, ${Math.round(skipped)} ms with --no-layer-read: reading costs ${Math.round(wall - skipped)} ms (medians)`,
	);
}

const bare = timeCommand(['-e', '0'], 21);
const version = timeCommand([cli, '--version'], 21);
results.version = {bareNodeMs: Math.round(bare), versionMs: Math.round(version), overheadMs: Math.round(version - bare), targetOverheadMs: 50};
log('');
log(
	`execdoctor --version: ${Math.round(version)} ms; bare node -e 0: ${Math.round(bare)} ms; overhead ${Math.round(version - bare)} ms (target ≤ 50 ms) ${version - bare <= 50 ? 'OK' : 'OVER'}`,
);

/** Launch to the first frame of the app (its header) in a pseudo-terminal. */
async function firstFrameOnce(): Promise<number> {
	const started = performance.now();
	const pty = spawnPty(process.execPath, [cli, 'demo', '--scenario', 'empty'], {
		name: 'xterm-256color',
		cols: 100,
		rows: 30,
		env: {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color'},
	});
	let output = '';
	const elapsed = await new Promise<number>(resolve => {
		pty.onData(data => {
			output += data;
			if (output.includes('execdoctor')) resolve(performance.now() - started);
		});
	});
	pty.kill();
	return elapsed;
}

await firstFrameOnce();
const frames: number[] = [];
for (let index = 0; index < 7; index++) frames.push(await firstFrameOnce());
const firstFrame = median(frames);
results.firstFrame = {ms: Math.round(firstFrame), targetMs: 200};
log(`first frame of the app: ${Math.round(firstFrame)} ms after launch (median of 7; target < 200 ms) ${firstFrame < 200 ? 'OK' : 'OVER'}`);

if (asJson) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
