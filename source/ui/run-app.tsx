import {render} from 'ink';
import type {Io} from '../commands/io.js';
import {colorEnabled} from '../mode.js';
import type {Options} from '../options.js';
import {App, type AppActions, type Scanner} from './app.js';
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

/**
 * The scan behind the app. The SDK (and, for the demo, the simulated account) is loaded here,
 * after the first frame is on screen.
 */
function createScanner(options: Options, context: {demo: boolean}, closers: (() => Promise<void> | void)[]): Scanner {
	return async onEvent => {
		if (context.demo) {
			const [{demoScenario}, {startDemoAccount, useDemoEnvironment}] = await Promise.all([import('../commands/demo-command.js'), import('../simulator/demo.js')]);
			const demo = await startDemoAccount(demoScenario(options));
			closers.push(() => demo.simulator.close());
			useDemoEnvironment(demo.env);
		}
		const [{createAccountPort}, {scanFromOptions}] = await Promise.all([import('../aws/account-port.js'), import('../commands/scan-command.js')]);
		const port = await createAccountPort({...(options.region ? {region: options.region} : {}), ...(options.profile ? {profile: options.profile} : {})});
		closers.push(() => port.close());
		return scanFromOptions(options, port, onEvent);
	};
}

/** The interactive app: renders until the user quits; returns the exit code. */
export async function runApp(options: Options, io: Io, context: {demo: boolean}): Promise<number> {
	const closers: (() => Promise<void> | void)[] = [];
	const scanner = createScanner(options, context, closers);
	const instance = render(
		<ThemeContext.Provider value={{color: colorEnabled(io.env, true)}}>
			<App scan={scanner} actions={terminalActions(io)} {...(options.profile ? {profile: options.profile} : {})} demo={context.demo} readOnly={options.readOnly} />
		</ThemeContext.Provider>,
		{stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false, patchConsole: true, incrementalRendering: true, interactive: true},
	);
	const code = await instance.waitUntilExit();
	await Promise.all(closers.map(close => close()));
	return typeof code === 'number' ? code : 0;
}

/** The walkthrough in a terminal. */
export async function runLearnApp(options: Options, io: Io): Promise<number> {
	const [{chapters}, {liveSource, liveRunner}, {LearnApp}] = await Promise.all([import('../learn/chapters.js'), import('../commands/learn-command.js'), import('./learn-app.js')]);
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
