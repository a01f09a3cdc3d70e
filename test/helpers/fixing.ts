import {mkdtempSync, readFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {systemClock} from '../../source/clock.js';
import {planFix, type FixPorts, type PlanRequest, type PlannedFix} from '../../source/fixes/fix.js';
import type {FixEvent, FixReport, FixTarget, Strategy} from '../../source/fixes/types.js';
import type {SimAccount} from '../../source/simulator/account.js';
import type {DockerHostOptions} from '../../source/simulator/docker-cli.js';
import type {Faults} from '../../source/simulator/faults.js';
import {scaledTiming} from '../../source/simulator/model.js';
import type {ScenarioName} from '../../source/simulator/scenarios.js';
import type {Simulator} from '../../source/simulator/server.js';
import type {ScanReport} from '../../source/diagnosis/types.js';
import {runFix, type FixRequest} from '../../source/session/run-fix.js';
import {scanSession} from '../../source/session/scan.js';
import {openSession, type Session} from '../../source/session/session.js';
import {root} from './cli.js';
import {buildImage, buildIndex} from '../../source/registry/image-builder.js';
import {makePlatform} from '../../source/registry/platform.js';
import {publishUpstream} from '../../source/simulator/registries.js';
import {recordingHost, type RecordingHost} from './recording-host.js';
import {clockOf, scenarioAccount, simulate} from './simulated-aws.js';

export const standInDocker = path.join(root, 'test/fixtures/bin');
export const grafanaService: FixTarget = {kind: 'ecs-service', cluster: 'observability', service: 'grafana'};

export type DockerCall = {argv: string[]; stdin: string};

export type FixWorld = {
	simulator: Simulator;
	session: Session;
	ports: FixPorts;
	dockerCalls(): DockerCall[];
	/** The plan alone, with its steps' run functions, as the engine builds it. */
	plan(strategy: Strategy, extra?: Partial<PlanRequest>): Promise<PlannedFix | FixReport>;
	/** A scan of the last day through the world's session, on its clock. */
	scan(): Promise<ScanReport>;
	/** The whole fix sequence (runFix), confirmed by a recording host. */
	fix(strategy: Strategy, extra?: Partial<FixRequest> & {shouldStop?: () => boolean}): Promise<{report: FixReport; events: FixEvent[]; host: RecordingHost}>;
};

/** Plans name new tags by the minute: the tests' minute is fixed, and their clock runs from it. */
export const fixedStart = Date.parse('2026-11-24T09:30:00Z');

/**
 * A scenario account on its own test clock, which the fix world's session shares: the account's
 * deployments and the fix's waits see one time, and every wait passes at once.
 */
export function fixAccount(scenario: ScenarioName): SimAccount {
	return scenarioAccount(scenario, fixedStart);
}

/**
 * A scenario account whose live deployments run 500 times faster, the stand-in docker first on
 * PATH (relaying to the simulator's docker host), and the real SDK clients.
 */
export async function fixWorld(
	scenario: ScenarioName | SimAccount,
	options: {docker?: DockerHostOptions; faults?: Partial<Faults>; target?: FixTarget; dockerOnPath?: boolean; daemon?: boolean} = {},
): Promise<FixWorld> {
	const account = typeof scenario === 'string' ? fixAccount(scenario) : scenario;
	const clock = clockOf(account);
	if (clock === systemClock) throw new Error('Build the account with fixAccount(), so the fix and the account share its clock.');
	account.timing = scaledTiming(500);
	const simulator = await simulate(account, {...(options.faults ? {faults: options.faults} : {}), ...(options.docker ? {docker: options.docker} : {})});
	const log = path.join(mkdtempSync(path.join(tmpdir(), 'execdoctor-docker-')), 'calls.jsonl');
	process.env.PATH = [...(options.dockerOnPath === false ? [] : [standInDocker]), path.dirname(process.execPath)].join(path.delimiter);
	process.env.FAKE_DOCKER_LOG = log;
	if (options.daemon === false) delete process.env.FAKE_DOCKER_URL;
	else process.env.FAKE_DOCKER_URL = simulator.url;
	const state = mkdtempSync(path.join(tmpdir(), 'execdoctor-state-'));
	const session = openSession({clock, fixTiming: {timeoutMs: 10_000, pollMs: 100}, env: {XDG_STATE_HOME: state}});
	const ports = (await session.connect()).fix;
	const target = options.target ?? grafanaService;
	const request = (strategy: Strategy, extra: Partial<PlanRequest> = {}): PlanRequest => ({
		strategy,
		target,
		cwd: process.cwd(),
		now: new Date(fixedStart),
		dockerfile: false,
		...extra,
	});
	return {
		simulator,
		session,
		ports,
		dockerCalls: () =>
			existsSync(log)
				? readFileSync(log, 'utf8')
						.trim()
						.split('\n')
						.filter(Boolean)
						.map(line => JSON.parse(line) as DockerCall)
				: [],
		plan: (strategy, extra) => planFix(request(strategy, extra), ports),
		scan: () => scanSession(session, {since: '24h'}),
		async fix(strategy, {shouldStop, ...extra} = {}) {
			const host = recordingHost(shouldStop ? {shouldStop} : {});
			const report = await runFix({strategy, target, cwd: process.cwd(), ...extra}, session, host);
			return {report, events: host.events, host};
		},
	};
}

/** An upstream image for linux/amd64 whose /run.sh has no #! line: a fix from it deploys and still fails at exec. */
export function publishBrokenUpstream(world: FixWorld): void {
	publishUpstream(
		world.simulator.account,
		'someone/broken:latest',
		buildIndex({
			images: [buildImage({platform: makePlatform('linux', 'amd64'), format: 'docker', payload: 'grafana server # no #! line\n'})],
			format: 'docker',
		}),
	);
}
