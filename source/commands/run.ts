import {UsageError} from '../errors.js';
import {decideMode} from '../mode.js';
import type {Options} from '../options.js';
import type {Io} from '../io.js';

/**
 * Dispatches a parsed command line; returns the exit code. Each branch imports only what it
 * needs: the app paints its first frame before the AWS SDK or the simulator is loaded.
 */
export async function run(options: Options, io: Io): Promise<number> {
	const mode = decideMode(options, {stdinIsTTY: Boolean(io.stdin.isTTY), stdoutIsTTY: Boolean(io.stdout.isTTY), env: io.env});
	if (options.interactive === true && mode !== 'interactive') throw new UsageError('--interactive needs a terminal on stdin and stdout.');
	switch (options.command) {
		case 'demo': {
			if (mode === 'interactive') {
				const {runApp} = await import('../ui/run-app.js');
				// Like the plain demo: 0 when it ran, findings or not.
				const code = await runApp(options, io, {demo: true});
				return code === 1 ? 0 : code;
			}
			const {runDemo} = await import('./demo-command.js');
			return runDemo(options, io);
		}
		case 'app':
		case 'scan': {
			if (mode === 'interactive') {
				const {runApp} = await import('../ui/run-app.js');
				return runApp(options, io, {demo: false});
			}
			const {runScan} = await import('./scan-command.js');
			return runScan(options, io);
		}
		case 'learn': {
			if (mode === 'interactive') {
				const {runLearnApp} = await import('../ui/run-app.js');
				return runLearnApp(options, io);
			}
			const {printGuide} = await import('./learn-command.js');
			return printGuide(options, io);
		}
		case 'fix': {
			const {runFixCommand} = await import('./fix-command.js');
			return runFixCommand(options, io, {interactive: Boolean(io.stdin.isTTY && io.stdout.isTTY)});
		}
	}
}
