import {UsageError} from '../errors.js';
import type {Options} from '../options.js';
import {isScenarioName} from '../simulator/scenarios.js';
import {scenarioNames, startDemoAccount, useDemoEnvironment} from '../simulator/demo.js';
import type {Io} from './io.js';
import {scanAndPrint} from './scan-command.js';

export function demoScenario(options: Options): string {
	const scenario = options.scenario ?? 'demo';
	if (!isScenarioName(scenario)) throw new UsageError(`Unknown scenario "${scenario}". Scenarios: ${scenarioNames()}.`);
	return scenario;
}

/** The real scan against the built-in simulated account: exit 0 when it ran, findings or not. */
export async function runDemo(options: Options, io: Io): Promise<number> {
	const scenario = demoScenario(options);
	const demo = await startDemoAccount(scenario);
	try {
		useDemoEnvironment(demo.env);
		io.stderr.write(`execdoctor: demo: scanning the built-in simulated account (scenario "${scenario}", ${demo.simulator.account.region}); nothing real is read or changed.\n`);
		await scanAndPrint(options, io);
		return 0;
	} finally {
		await demo.simulator.close();
	}
}
