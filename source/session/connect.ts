/** Loaded on first use: the SDK clients, the local docker, and for the built-in account the simulator. */
import {createAccountPort} from '../aws/account-port.js';
import {createFixAws} from '../aws/fix-port.js';
import {localDocker} from '../docker/docker-port.js';
import {probeHost} from '../docker/host.js';
import {attemptTimeoutFor, defaultScanBudgetMs, type Opened, type SessionOptions} from './session.js';

type Closer = () => Promise<void> | void;

async function builtInMachine(scenario: string, closers: Closer[]) {
	const [{startDemoAccount, useDemoEnvironment}, {demoDocker}] = await Promise.all([import('../simulator/demo.js'), import('../simulator/demo-docker.js')]);
	const demo = await startDemoAccount(scenario);
	closers.push(() => demo.simulator.close());
	// The SDK finds the simulator the way it finds any endpoint: AWS_ENDPOINT_URL.
	useDemoEnvironment(demo.env);
	return demoDocker(demo.simulator.account);
}

export async function connect(options: SessionOptions): Promise<Opened> {
	const closers: Closer[] = [];
	const close = async () => {
		await Promise.all(closers.splice(0).map(closer => closer()));
	};
	try {
		const machine = options.builtIn ? await builtInMachine(options.builtIn.scenario, closers) : {docker: localDocker, probeHost};
		const settings = {
			...(options.region ? {region: options.region} : {}),
			...(options.profile ? {profile: options.profile} : {}),
			attemptTimeoutMs: attemptTimeoutFor(options.scanBudgetMs ?? defaultScanBudgetMs),
		};
		const account = await createAccountPort(settings, options.clock ? {clock: options.clock} : {});
		closers.push(() => account.close());
		return {
			connection: {account, fix: {account, aws: createFixAws(account, options.profile), docker: machine.docker}, probeHost: machine.probeHost},
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}
