import {UsageError} from '../errors.js';
import {decideMode} from '../mode.js';
import type {Options} from '../options.js';
import type {Io} from '../io.js';
import {sessionFromOptions} from '../session/from-options.js';

/**
 * Dispatches a parsed command line; returns the exit code. Each branch imports only what it
 * needs: the app paints its first frame before the AWS SDK or the simulator is loaded.
 */
export async function run(options: Options, io: Io): Promise<number> {
	const mode = decideMode(options, {stdinIsTTY: Boolean(io.stdin.isTTY), stdoutIsTTY: Boolean(io.stdout.isTTY), env: io.env});
	if (options.interactive === true && mode !== 'interactive') throw new UsageError('--interactive needs a terminal on stdin and stdout.');
	if (mode === 'interactive') {
		const session = sessionFromOptions(options, io.env);
		try {
			const {runApp, runLearnApp} = await import('../ui/run-app.js');
			if (options.command === 'learn') return await runLearnApp(session, io);
			const code = await runApp(session, options, io);
			// The demo, like the plain demo, exits 0 when it ran, findings or not.
			return options.command === 'demo' && code === 1 ? 0 : code;
		} finally {
			await session.close();
		}
	}
	switch (options.command) {
		case 'demo': {
			const {runDemo} = await import('./demo-command.js');
			return runDemo(options, io);
		}
		case 'app':
		case 'scan': {
			const {runScan} = await import('./scan-command.js');
			return runScan(options, io);
		}
		case 'learn': {
			const {printGuide} = await import('./learn-command.js');
			return printGuide(options, io);
		}
		case 'undo': {
			const {runUndoCommand} = await import('./undo-command.js');
			return runUndoCommand(options, io, {interactive: Boolean(io.stdin.isTTY && io.stdout.isTTY)});
		}
		case 'history': {
			const {runHistoryCommand} = await import('./undo-command.js');
			return runHistoryCommand(options, io);
		}
		case 'mcp': {
			const {runMcpCommand} = await import('./mcp-command.js');
			return runMcpCommand(options, io);
		}
		case 'report': {
			const {runReportCommand} = await import('./report-command.js');
			return runReportCommand(options, io);
		}
		case 'permissions': {
			const {runPermissionsCommand} = await import('./permissions-command.js');
			return runPermissionsCommand(options, io);
		}
		case 'check': {
			const {runCheckCommand} = await import('./check-command.js');
			return runCheckCommand(options, io);
		}
		case 'fix': {
			const {runFixCommand} = await import('./fix-command.js');
			return runFixCommand(options, io, {interactive: Boolean(io.stdin.isTTY && io.stdout.isTTY)});
		}
	}
}
