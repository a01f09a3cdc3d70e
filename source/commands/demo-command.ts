import {UsageError} from '../errors.js';
import type {Options} from '../options.js';
import {demoDocker} from '../simulator/demo-docker.js';
import {isScenarioName} from '../simulator/scenarios.js';
import {scenarioNames, startDemoAccount, useDemoEnvironment, type DemoAccount} from '../simulator/demo.js';
import type {Io} from '../io.js';
import {scanAndPrint} from './scan-command.js';

export function demoScenario(options: Options): string {
	const scenario = options.scenario ?? 'demo';
	if (!isScenarioName(scenario)) throw new UsageError(`Unknown scenario "${scenario}". Scenarios: ${scenarioNames()}.`);
	return scenario;
}

/** Starts the built-in account, points this process's SDK at it, runs `work`, and stops it. */
export async function withDemoAccount<T>(options: Options, work: (demo: DemoAccount) => Promise<T>): Promise<T> {
	const demo = await startDemoAccount(demoScenario(options));
	try {
		useDemoEnvironment(demo.env);
		return await work(demo);
	} finally {
		await demo.simulator.close();
	}
}

/** The real scan against the built-in simulated account: exit 0 when it ran, findings or not. */
export async function runDemo(options: Options, io: Io): Promise<number> {
	return withDemoAccount(options, async demo => {
		io.stderr.write(
			`execdoctor: demo: scanning the built-in simulated account (scenario "${demo.scenario}", ${demo.simulator.account.region}); nothing real is read or changed.\n`,
		);
		await scanAndPrint(options, io, demoDocker(demo.simulator.account).probeHost, {demo: true});
		return 0;
	});
}
