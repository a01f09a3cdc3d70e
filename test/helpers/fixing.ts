import {mkdtempSync, readFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createAccountPort} from '../../source/aws/account-port.js';
import {createFixAws} from '../../source/aws/fix-port.js';
import {localDocker} from '../../source/docker/docker-port.js';
import {applyFix, planFix, type FixPorts, type FixRequest, type PlannedFix} from '../../source/fixes/fix.js';
import type {FixEvent, FixReport, FixTarget, Strategy} from '../../source/fixes/types.js';
import type {SimAccount} from '../../source/simulator/account.js';
import type {DockerHostOptions} from '../../source/simulator/docker-cli.js';
import type {Faults} from '../../source/simulator/faults.js';
import {scaledTiming} from '../../source/simulator/model.js';
import {buildScenario, type ScenarioName} from '../../source/simulator/scenarios.js';
import type {Simulator} from '../../source/simulator/server.js';
import {root} from './cli.js';
import {simulate} from './simulated-aws.js';

export const standInDocker = path.join(root, 'test/fixtures/bin');
export const grafanaService: FixTarget = {kind: 'ecs-service', cluster: 'observability', service: 'grafana'};

export type DockerCall = {argv: string[]; stdin: string};

export type FixWorld = {
	simulator: Simulator;
	ports: FixPorts;
	dockerCalls(): DockerCall[];
	plan(strategy: Strategy, extra?: Partial<FixRequest>): Promise<PlannedFix | FixReport>;
	fix(strategy: Strategy, extra?: Partial<FixRequest> & {timeoutMs?: number; shouldStop?: () => boolean}): Promise<{report: FixReport; events: FixEvent[]}>;
};

/**
 * A scenario account whose live deployments run 500 times faster, the stand-in docker first on
 * PATH (relaying to the simulator's docker host), and the real SDK clients.
 */
export async function fixWorld(
	scenario: ScenarioName | SimAccount,
	options: {docker?: DockerHostOptions; faults?: Partial<Faults>; target?: FixTarget; dockerOnPath?: boolean; daemon?: boolean} = {},
): Promise<FixWorld> {
	const account = typeof scenario === 'string' ? buildScenario(scenario) : scenario;
	account.timing = scaledTiming(500);
	const simulator = await simulate(account, {...(options.faults ? {faults: options.faults} : {}), ...(options.docker ? {docker: options.docker} : {})});
	const log = path.join(mkdtempSync(path.join(tmpdir(), 'execdoctor-docker-')), 'calls.jsonl');
	process.env.PATH = [...(options.dockerOnPath === false ? [] : [standInDocker]), path.dirname(process.execPath)].join(path.delimiter);
	process.env.FAKE_DOCKER_LOG = log;
	if (options.daemon === false) delete process.env.FAKE_DOCKER_URL;
	else process.env.FAKE_DOCKER_URL = simulator.url;
	const account_ = await createAccountPort({});
	const ports: FixPorts = {account: account_, aws: createFixAws(account_), docker: localDocker};
	const target = options.target ?? grafanaService;
	const request = (strategy: Strategy, extra: Partial<FixRequest> = {}): FixRequest => ({
		strategy,
		target,
		cwd: process.cwd(),
		now: new Date('2026-11-24T09:30:00Z'),
		dockerfile: false,
		...extra,
	});
	return {
		simulator,
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
		async fix(strategy, extra = {}) {
			const planned = await planFix(request(strategy, extra), ports);
			if (!('subject' in planned)) return {report: planned, events: []};
			const events: FixEvent[] = [];
			const report = await applyFix(planned, ports, {
				timeoutMs: extra.timeoutMs ?? 10_000,
				pollMs: 20,
				onEvent: event => events.push(event),
				...(extra.shouldStop ? {shouldStop: extra.shouldStop} : {}),
			});
			return {report, events};
		},
	};
}
