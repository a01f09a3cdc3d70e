import {afterEach} from 'vitest';
import {systemClock, type Clock} from '../../source/clock.js';
import {createAccountPort, type AwsAccountPort} from '../../source/aws/account-port.js';
import type {ScanEvent} from '../../source/diagnosis/events.js';
import {scan} from '../../source/reading/scan.js';
import type {ScanScope} from '../../source/diagnosis/scope.js';
import type {HostReport, ScanReport} from '../../source/diagnosis/types.js';
import type {SimAccount} from '../../source/simulator/account.js';
import type {DockerHostOptions} from '../../source/simulator/docker-cli.js';
import type {Faults} from '../../source/simulator/faults.js';
import {buildScenario, type ScenarioName} from '../../source/simulator/scenarios.js';
import {startSimulator, type Simulator} from '../../source/simulator/server.js';
import {jumpingClock} from './clock.js';

export const testHost: HostReport = {platform: 'linux/arm64', source: 'docker-daemon', containerdImageStore: true, dockerVersion: '28.2.2'};

const started: Simulator[] = [];
const clocks = new WeakMap<SimAccount, Clock>();
let current: SimAccount | undefined;

/**
 * A scenario account on a clock of its own that jumps over every wait (Logs Insights polls, a
 * fix's verification): what reads the account with `clockOf(account)` sees the same time.
 */
export function scenarioAccount(scenario: ScenarioName, start = Date.now()): SimAccount {
	const clock = jumpingClock(start);
	const account = buildScenario(scenario, {clock: () => clock.now()});
	clocks.set(account, clock);
	return account;
}

/** The clock the account runs on; the system clock for accounts built without one. */
export function clockOf(account: SimAccount | undefined): Clock {
	return (account && clocks.get(account)) ?? systemClock;
}
const savedEnv = {...process.env};

afterEach(async () => {
	await Promise.all(started.splice(0).map(simulator => simulator.close()));
	for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
	Object.assign(process.env, savedEnv);
});

/** Starts the simulator and points this process's SDK clients at it, as AWS_ENDPOINT_URL does for users. */
export async function simulate(
	account: SimAccount | ScenarioName,
	options: {faults?: Partial<Faults>; pageSize?: number; docker?: DockerHostOptions; others?: readonly SimAccount[]} = {},
): Promise<Simulator> {
	const simulator = await startSimulator({account: typeof account === 'string' ? scenarioAccount(account) : account, ...options});
	current = simulator.account;
	started.push(simulator);
	process.env.AWS_ENDPOINT_URL = simulator.url;
	process.env.AWS_REGION = simulator.account.region;
	process.env.AWS_ACCESS_KEY_ID = 'AKIATESTTESTTESTTEST';
	process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	return simulator;
}

export type ScanRun = {report: ScanReport; events: ScanEvent[]; port: AwsAccountPort};

/** The real scan, with the real SDK clients, against whatever simulator `simulate` started. */
export async function runScan(
	scope: Partial<ScanScope> = {},
	options: {host?: HostReport; attemptTimeoutMs?: number; budgetMs?: number; layerBytes?: number | false} = {},
): Promise<ScanRun> {
	const clock = clockOf(current);
	const port = await createAccountPort(options.attemptTimeoutMs ? {attemptTimeoutMs: options.attemptTimeoutMs} : {}, {clock});
	const events: ScanEvent[] = [];
	const until = new Date(clock.now());
	try {
		const report = await scan(
			{since: new Date(until.getTime() - 24 * 3_600_000), until, ...scope},
			{
				account: port,
				probeHost: async () => options.host ?? testHost,
				onEvent: event => events.push(event),
				...(options.budgetMs ? {budgetMs: options.budgetMs} : {}),
				...(options.layerBytes === undefined ? {} : {layerBytes: options.layerBytes}),
			},
		);
		return {report, events, port};
	} finally {
		port.close();
	}
}

export function findingFor(report: ScanReport, id: string) {
	const finding = report.findings.find(candidate => candidate.id === id);
	if (!finding) throw new Error(`no finding ${id}; found ${report.findings.map(candidate => candidate.id).join(', ') || 'none'}`);
	return finding;
}

/** Every call the scan made was a read: List*, Describe*, Get*, BatchGet*, queries. */
export const readOnlyAction = /^(sts|ecs|ecr|logs|apprunner|lambda):(List|Describe|Get|BatchGet|StartQuery|StopQuery|FilterLogEvents)|^s3:GetObject$/;
