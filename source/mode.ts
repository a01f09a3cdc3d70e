import type {Options} from './options.js';

export type Mode = 'interactive' | 'plain' | 'json';

export type Terminal = {
	readonly stdinIsTTY: boolean;
	readonly stdoutIsTTY: boolean;
	readonly env: Readonly<Record<string, string | undefined>>;
};

/**
 * Decided once, at the entry. The Ink app needs a terminal on both ends; CI alone does not
 * decide (a CI variable leaks into many shells), but TERM=dumb does.
 */
export function decideMode(options: Pick<Options, 'command' | 'json' | 'interactive'>, terminal: Terminal): Mode {
	if (options.json) return 'json';
	if (options.interactive === false) return 'plain';
	const canUseApp = options.command === 'app' || options.command === 'demo' || options.command === 'learn';
	if (!canUseApp) return 'plain';
	if (!terminal.stdinIsTTY || !terminal.stdoutIsTTY || terminal.env.TERM === 'dumb') return 'plain';
	return 'interactive';
}

/** NO_COLOR (any value) wins; FORCE_COLOR forces; otherwise colour only on a terminal. */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
	return isTTY && env.TERM !== 'dumb';
}
