import {buildScenario, hostilePayload, isScenarioName, scenarioDescriptions, type ScenarioName} from './scenarios.js';
import {scaledTiming} from './model.js';
import {startSimulator, type Simulator, type SimulatorOptions} from './server.js';

export type DemoAccount = {
	readonly simulator: Simulator;
	readonly scenario: ScenarioName;
	/** What the SDK needs to talk to the simulator: endpoint, region and throwaway keys. */
	readonly env: Readonly<Record<string, string>>;
};

export function scenarioNames(): string {
	return Object.keys(scenarioDescriptions).join(', ');
}

export async function startDemoAccount(scenario: string, options: Omit<SimulatorOptions, 'account'> & {clock?: () => number} = {}): Promise<DemoAccount> {
	if (!isScenarioName(scenario)) throw new Error(`unknown scenario ${scenario}`);
	const {clock, ...simulatorOptions} = options;
	const account = buildScenario(scenario, clock ? {clock} : {});
	// The history is played at AWS's pace; what happens from now on (a fix's deployment) runs 40 times faster.
	account.timing = scaledTiming(40);
	// The hostile account's own texts (reasons, log lines, errors) carry the payload too.
	const faults = scenario === 'hostile' ? {hostile: hostilePayload, ...simulatorOptions.faults} : simulatorOptions.faults;
	const simulator = await startSimulator({...simulatorOptions, account, ...(faults ? {faults} : {})});
	return {
		simulator,
		scenario,
		env: {
			AWS_ENDPOINT_URL: simulator.url,
			AWS_REGION: account.region,
			AWS_ACCESS_KEY_ID: 'AKIASIMULATEDDEMO001',
			AWS_SECRET_ACCESS_KEY: 'simulated-secret-key',
			AWS_EC2_METADATA_DISABLED: 'true',
		},
	};
}

/** Points this process's SDK clients at the simulator, whatever AWS settings the shell has. */
export function useDemoEnvironment(env: Readonly<Record<string, string>>, target: NodeJS.ProcessEnv = process.env): void {
	for (const key of Object.keys(target)) {
		if (key === 'AWS_PROFILE' || key === 'AWS_SESSION_TOKEN' || key === 'AWS_DEFAULT_REGION' || key.startsWith('AWS_ENDPOINT_URL')) delete target[key];
	}
	Object.assign(target, env);
}
