import {closeSync, fsyncSync, mkdirSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import type {Workload} from '../diagnosis/types.js';
import type {Journal, JournalRecord} from '../ports/journal.js';

/** `2026-12-01T21-08-20Z-ecs-observability-grafana.jsonl`: sorts by time, names the workload. */
export function journalName(workload: Workload, at: Date): string {
	const time = at.toISOString().slice(0, 19).replace(/:/g, '-');
	const service = {'apprunner-service': 'apprunner', 'lambda-function': 'lambda', 'ecs-service': 'ecs', 'ecs-task': 'ecs'}[workload.kind];
	const where = [service, workload.cluster, workload.name].filter(Boolean).join('-');
	return `${time}Z-${where.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100)}.jsonl`;
}

/** An existing journal: records are appended, each flushed to disk before `append` returns. */
export function openFileJournal(file: string): Journal {
	return {
		path: file,
		append(record: JournalRecord) {
			const handle = openSync(file, 'a', 0o600);
			try {
				writeSync(handle, `${JSON.stringify(record)}\n`);
				// On disk before the change it announces is made: a crash right after must not lose it.
				fsyncSync(handle);
			} finally {
				closeSync(handle);
			}
		},
	};
}

/** A new journal file only its owner may read (0600), in a directory only its owner may list (0700). */
export function createFileJournal(directory: string, name: string): Journal {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const file = path.join(directory, name);
	closeSync(openSync(file, 'ax', 0o600));
	return openFileJournal(file);
}
