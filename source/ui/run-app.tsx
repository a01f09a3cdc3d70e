import {render} from 'ink';
import type {ReactElement} from 'react';
import type {Io} from '../io.js';
import {colorEnabled} from '../mode.js';
import {safeText} from '../present/safe.js';
import type {Options} from '../options.js';
import type {Session} from '../session/session.js';
import type {ScanReport} from '../diagnosis/types.js';
import {App, type AppActions, type Fixer, type Scanner} from './app.js';
import {ThemeContext} from './theme.js';

/** OSC 52: the terminal puts the text on the system clipboard, over SSH too. */
export function osc52(text: string): string {
	// What lands on the clipboard is pasted into a shell: it carries no control character either.
	return `\u001B]52;c;${Buffer.from(safeText(text)).toString('base64')}\u0007`;
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

/** Fixes from the app: the one fix sequence, on the session's account, with the app as its host. */
export function sessionFixer(session: Session): Fixer {
	return async (finding, fixId, host, inputs) => {
		// The fix engine loads when the first fix is opened, not before the first frame.
		const [{fixTargetOf}, {refusedReport}, {runFix}] = await Promise.all([
			import('../fixes/target.js'),
			import('../fixes/report.js'),
			import('../session/run-fix.js'),
		]);
		const outcome = fixTargetOf(finding.workload);
		if ('refusal' in outcome) return refusedReport({strategy: fixId}, outcome.refusal);
		return runFix({strategy: fixId, target: outcome.target, cwd: process.cwd(), ...inputs}, session, host);
	};
}

function show(tree: ReactElement, io: Io) {
	return render(<ThemeContext.Provider value={{color: colorEnabled(io.env, true)}}>{tree}</ThemeContext.Provider>, {
		stdout: io.stdout,
		stdin: io.stdin,
		stderr: io.stderr,
		exitOnCtrlC: false,
		patchConsole: true,
		incrementalRendering: true,
		interactive: true,
		// As k9s and vim do: the app has its own screen, and the shell's comes back as it was on quit.
		alternateScreen: true,
	});
}

/** `x` in the app: the same write-up as `execdoctor report`, to a file in the working directory. */
async function exportIncidentReport(session: Session, report: ScanReport): Promise<string> {
	const [{incidentMarkdown}, {fixesOfReport}, {writeFileSync}, {version}] = await Promise.all([
		import('../present/incident.js'),
		import('../session/incident.js'),
		import('node:fs'),
		import('../help.js'),
	]);
	const file = `execdoctor-report-${new Date().toISOString().slice(0, 16).replace(/[:]/g, '')}Z.md`;
	writeFileSync(file, incidentMarkdown(report, fixesOfReport(session, report), {version, generatedAt: new Date()}));
	return file;
}

/** The interactive app: renders until the user quits; returns the exit code. */
export async function runApp(session: Session, options: Options, io: Io): Promise<number> {
	// The SDK (and the built-in account) load inside the first scan, after the first frame is on screen.
	const scan: Scanner = async onEvent => (await import('../session/scan.js')).scanSession(session, options, onEvent);
	const instance = show(
		<App
			scan={scan}
			{...(options.readOnly ? {} : {fixer: sessionFixer(session)})}
			actions={{...terminalActions(io), exportReport: report => exportIncidentReport(session, report)}}
			{...(options.profile ? {profile: options.profile} : {})}
			demo={session.builtIn}
			readOnly={options.readOnly}
			fixTimeoutMs={session.fixTiming.timeoutMs}
		/>,
		io,
	);
	const code = await instance.waitUntilExit();
	return typeof code === 'number' ? code : 0;
}

/** The walkthrough in a terminal. */
export async function runLearnApp(session: Session, io: Io): Promise<number> {
	const [{chapters}, {liveRunner}, {LearnApp}] = await Promise.all([
		import('../learn/chapters.js'),
		import('../learn/live-source.js'),
		import('./learn-app.js'),
	]);
	const {copy} = terminalActions(io);
	const instance = show(<LearnApp chapters={chapters} runLive={liveRunner(session)} accountLabel={session.label} copy={copy} />, io);
	await instance.waitUntilExit();
	return 0;
}
