import {render} from 'ink';
import {existsSync} from 'node:fs';
import path from 'node:path';
import type {Io} from '../io.js';
import type {FixId, HostReport} from '../diagnosis/types.js';
import type {FixPorts, PlannedFix} from '../fixes/fix.js';
import type {DockerPort} from '../ports/fix.js';
import type {FixReport} from '../fixes/types.js';
import {colorEnabled} from '../mode.js';
import type {Options} from '../options.js';
import {App, type AppActions, type Fixer, type Scanner} from './app.js';
import {ThemeContext} from './theme.js';

/** OSC 52: the terminal puts the text on the system clipboard, over SSH too. */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`;
}

export function terminalActions(io: Io): AppActions {
	return {
		copy(text) {
			io.stdout.write(osc52(text));
		},
		async openUrl(url) {
			try {
				const {default: open} = await import('open');
				await open(url, {wait: false});
				return true;
			} catch {
				return false;
			}
		},
	};
}

type Session = {
	closers: (() => Promise<void> | void)[];
	/** Set by the scan: the account port, and the docker (the simulated Mac in the demo) fixes use. */
	ports?: FixPorts;
	/** The demo's simulated account and Mac, made once: a rescan must see what a fix changed. */
	demo?: Promise<{docker: DockerPort; probe: () => Promise<HostReport>}>;
};

/**
 * The scan behind the app. The SDK (and, for the demo, the simulated account) is loaded here,
 * after the first frame is on screen.
 */
function createScanner(options: Options, context: {demo: boolean}, session: Session): Scanner {
	return async onEvent => {
		session.demo ??= context.demo
			? (async () => {
					const [{demoScenario}, {startDemoAccount, useDemoEnvironment}, {demoDocker}] = await Promise.all([
						import('../commands/demo-command.js'),
						import('../simulator/demo.js'),
						import('../simulator/demo-docker.js'),
					]);
					const demo = await startDemoAccount(demoScenario(options));
					session.closers.push(() => demo.simulator.close());
					useDemoEnvironment(demo.env);
					const mac = demoDocker(demo.simulator.account);
					return {docker: mac.docker, probe: mac.probeHost};
				})()
			: undefined;
		const demo = await session.demo;
		const docker = demo?.docker;
		const probe = demo?.probe;
		const [{createAccountPort}, {createFixAws}, {scanFromOptions}, {localDocker}] = await Promise.all([
			import('../aws/account-port.js'),
			import('../aws/fix-port.js'),
			import('../commands/scan-command.js'),
			import('../docker/docker-port.js'),
		]);
		const port = await createAccountPort({...(options.region ? {region: options.region} : {}), ...(options.profile ? {profile: options.profile} : {})});
		session.closers.push(() => port.close());
		session.ports = {account: port, aws: createFixAws(port, options.profile), docker: docker ?? localDocker};
		return scanFromOptions(options, port, onEvent, probe);
	};
}

function refusal(fixId: FixId, message: string): FixReport {
	return {
		schemaVersion: 1,
		command: 'fix',
		strategy: fixId,
		dryRun: false,
		steps: [],
		changes: [],
		verification: {status: 'not-run', checks: [], evidence: []},
		outcome: 'refused',
		message,
	};
}

/** Fixes from the app: the same planning and applying as `execdoctor fix`, on the scan's account. */
function createFixer(io: Io, context: {demo: boolean}, session: Session): Fixer {
	return {
		async plan(finding, fixId) {
			const ports = session.ports;
			if (!ports) return {kind: 'refused', report: refusal(fixId, 'The scan has not connected to the account yet.')};
			const workload = finding.workload;
			if (workload.kind === 'ecs-task' || (workload.kind === 'ecs-service' && !workload.cluster)) {
				return {
					kind: 'refused',
					report: refusal(
						fixId,
						'execdoctor applies fixes to ECS services and App Runner services; for a standalone task, run the commands below, then run the task again.',
					),
				};
			}
			const {planFix} = await import('../fixes/fix.js');
			const target =
				workload.kind === 'apprunner-service'
					? {kind: 'apprunner-service' as const, name: workload.name}
					: {
							kind: 'ecs-service' as const,
							cluster: workload.cluster!,
							service: workload.name,
							...(workload.serviceTaskDefinition && workload.taskDefinition
								? {taskDefinition: workload.taskDefinition, taskDefinitionReason: 'the failing tasks ran it'}
								: {}),
						};
			const cwd = process.cwd();
			const outcome = await planFix({strategy: fixId, target, cwd, now: new Date(), dockerfile: existsSync(path.join(cwd, 'Dockerfile'))}, ports);
			return 'subject' in outcome ? {kind: 'planned', report: outcome.report, token: outcome} : {kind: 'refused', report: outcome};
		},
		async apply(token, onEvent, controls) {
			const [{applyFix}, {pollMs}] = await Promise.all([import('../fixes/fix.js'), import('../commands/fix-command.js')]);
			return applyFix(token as PlannedFix, session.ports!, {
				timeoutMs: context.demo ? 120_000 : 15 * 60_000,
				pollMs: context.demo ? 250 : pollMs(io.env),
				onEvent,
				shouldStop: controls.shouldStop,
				signal: controls.signal,
			});
		},
	};
}

/** The interactive app: renders until the user quits; returns the exit code. */
export async function runApp(options: Options, io: Io, context: {demo: boolean}): Promise<number> {
	const session: Session = {closers: []};
	const scanner = createScanner(options, context, session);
	const fixer = options.readOnly ? undefined : createFixer(io, context, session);
	const instance = render(
		<ThemeContext.Provider value={{color: colorEnabled(io.env, true)}}>
			<App
				scan={scanner}
				{...(fixer ? {fixer} : {})}
				actions={terminalActions(io)}
				{...(options.profile ? {profile: options.profile} : {})}
				demo={context.demo}
				readOnly={options.readOnly}
			/>
		</ThemeContext.Provider>,
		{stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false, patchConsole: true, incrementalRendering: true, interactive: true},
	);
	const code = await instance.waitUntilExit();
	await Promise.all(session.closers.map(close => close()));
	return typeof code === 'number' ? code : 0;
}

/** The walkthrough in a terminal. */
export async function runLearnApp(options: Options, io: Io): Promise<number> {
	const [{chapters}, {liveSource, liveRunner}, {LearnApp}] = await Promise.all([
		import('../learn/chapters.js'),
		import('../commands/learn-command.js'),
		import('./learn-app.js'),
	]);
	const source = liveSource(options);
	const instance = render(
		<ThemeContext.Provider value={{color: colorEnabled(io.env, true)}}>
			<LearnApp chapters={chapters} runLive={liveRunner(source)} accountLabel={source.label} />
		</ThemeContext.Provider>,
		{stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false, patchConsole: true, incrementalRendering: true, interactive: true},
	);
	await instance.waitUntilExit();
	await source.close();
	return 0;
}
