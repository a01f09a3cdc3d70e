import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {UsageError} from '../errors.js';
import type {JournalRecord} from '../ports/journal.js';

export function readJournal(file: string): JournalRecord[] {
	if (!existsSync(file)) throw new UsageError(`There is no journal ${file}.`);
	const records: JournalRecord[] = [];
	const lines = readFileSync(file, 'utf8').split('\n');
	for (const [index, line] of lines.entries()) {
		if (!line.trim()) continue;
		try {
			records.push(JSON.parse(line) as JournalRecord);
		} catch {
			// A last line cut short by a kill mid-write: what came before it still counts.
			if (index === lines.length - 1) break;
			throw new UsageError(`${file} line ${index + 1} is not a journal record.`);
		}
	}
	if (records[0]?.type !== 'fix') throw new UsageError(`${file} is not an execdoctor fix journal.`);
	return records;
}

/** The journals in `directory`, newest first. */
export function listJournals(directory: string): string[] {
	if (!existsSync(directory)) return [];
	return readdirSync(directory)
		.filter(name => name.endsWith('.jsonl'))
		.sort()
		.reverse()
		.map(name => path.join(directory, name));
}
