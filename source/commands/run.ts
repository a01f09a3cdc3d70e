import {UsageError} from '../errors.js';
import {decideMode} from '../mode.js';
import type {Options} from '../options.js';
import {runDemo} from './demo-command.js';
import type {Io} from './io.js';
import {runScan} from './scan-command.js';

/** Dispatches a parsed command line; returns the exit code. */
export async function run(options: Options, io: Io): Promise<number> {
	const mode = decideMode(options, {stdinIsTTY: Boolean(io.stdin.isTTY), stdoutIsTTY: Boolean(io.stdout.isTTY), env: io.env});
	if (options.interactive === true && mode !== 'interactive') throw new UsageError('--interactive needs a terminal on stdin and stdout.');
	switch (options.command) {
		case 'demo': {
			return runDemo(options, io);
		}
		case 'app':
		case 'scan': {
			return runScan(options, io);
		}
		default: {
			throw new UsageError(`execdoctor ${options.command} is not available in this version.`);
		}
	}
}
