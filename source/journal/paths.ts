import {homedir} from 'node:os';
import path from 'node:path';
import type {Env} from '../io.js';

/** `$XDG_STATE_HOME/execdoctor`, else `~/.local/state/execdoctor`: state that should outlive a run, not configuration. */
export function stateDirectory(env: Env): string {
	const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME || homedir(), '.local', 'state');
	return path.join(base, 'execdoctor');
}

export const journalDirectory = (env: Env) => path.join(stateDirectory(env), 'journal');
export const lockDirectory = (env: Env) => path.join(stateDirectory(env), 'locks');
