import {hasDockerfile} from './dockerfile.js';
/** Loaded on first use: the SDK clients, the local docker, and for the built-in account the simulator. */
import {createAccountPort, type AwsAccountPort} from '../aws/account-port.js';
import {assumedRole, enabledRegions} from '../aws/organization.js';
import {createFixAws} from '../aws/fix-port.js';
import {localDocker} from '../docker/docker-port.js';
import {probeHost} from '../docker/host.js';
import {attemptTimeoutFor, defaultScanBudgetMs, type Opened, type ScanTarget, type SessionOptions} from './session.js';

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
		const portOptions = options.clock ? {clock: options.clock} : {};
		const account = await createAccountPort(settings, portOptions);
		closers.push(() => account.close());
		const ports = new Map<string, Promise<AwsAccountPort>>();
		const accountIn = (target: ScanTarget): Promise<AwsAccountPort> => {
			const profile = target.profile ?? options.profile;
			const region = target.region ?? options.region;
			const key = `${profile ?? ''}|${region ?? ''}|${target.assume ? `${target.assume.accountId}/${target.assume.roleName}` : ''}`;
			if (key === `${options.profile ?? ''}|${options.region ?? ''}|`) return Promise.resolve(account);
			let port = ports.get(key);
			if (!port) {
				const base = {...settings, ...(profile ? {profile} : {}), ...(region ? {region} : {})};
				const home = region ?? account.region;
				const credentials = target.assume ? {credentials: assumedRole(base, home, target.assume.accountId, target.assume.roleName)} : {};
				port = createAccountPort({...base, ...credentials}, portOptions).then(created => {
					closers.push(() => created.close());
					return created;
				});
				ports.set(key, port);
			}
			return port;
		};
		return {
			connection: {
				account,
				accountIn,
				enabledRegions: async profile =>
					enabledRegions({...settings, ...((profile ?? options.profile) ? {profile: profile ?? options.profile} : {})}, account.region),
				fix: {account, aws: createFixAws(account, options.profile), docker: machine.docker},
				// The host as fixes meet it: whether Docker runs, and whether a rebuild has a Dockerfile here.
				checkPermissions: async actions => {
					const {checkPermissions} = await import('../aws/permission-check.js');
					return checkPermissions(account, settings, actions);
				},
				probeHost: async () => ({...(await machine.probeHost()), dockerfile: hasDockerfile(process.cwd())}),
			},
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}
