import {createHash} from 'node:crypto';
import {mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync} from 'node:fs';
import path from 'node:path';
import {CannotRunError} from '../errors.js';

export type Lock = {release(): void};

type Holder = {readonly pid: number; readonly startedAt: string; readonly workload: string; readonly journal?: string};

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists, under another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * One fix at a time per workload, across processes: the lock is a file created exclusively
 * (O_EXCL) beside the journals. A lock left by a process that is gone is taken over.
 */
export function acquireLock(directory: string, workload: string, journal: string | undefined): Lock {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const file = path.join(directory, `${createHash('sha256').update(workload).digest('hex').slice(0, 24)}.lock`);
	const holder: Holder = {pid: process.pid, startedAt: new Date().toISOString(), workload, ...(journal ? {journal} : {})};
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const handle = openSync(file, 'wx', 0o600);
			writeSync(handle, JSON.stringify(holder));
			closeSync(handle);
			return {release: () => rmSync(file, {force: true})};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			let other: Holder | undefined;
			try {
				other = JSON.parse(readFileSync(file, 'utf8')) as Holder;
			} catch {
				other = undefined;
			}
			if (other && alive(other.pid) && other.pid !== process.pid) {
				throw new CannotRunError(
					`Another execdoctor fix (pid ${other.pid}, started ${other.startedAt}) is changing ${workload}${other.journal ? ` (journal ${other.journal})` : ''}: nothing was changed. Wait for it to end.`,
				);
			}
			rmSync(file, {force: true});
		}
	}
	throw new CannotRunError(`Could not take the lock for ${workload} in ${directory}: nothing was changed.`);
}
