/** The fixes applied from this machine, as their journals tell them: for the incident write-up. */
import type {ScanReport, Workload} from '../diagnosis/types.js';
import type {Change, FixOutcome, Strategy} from '../fixes/types.js';
import {listJournals, readJournal} from './read.js';

export type FixHistory = {
	readonly journal: string;
	readonly at: string;
	readonly strategy: Strategy;
	readonly workload: Workload;
	readonly region: string;
	readonly simulated: boolean;
	readonly changes: readonly (Change & {readonly at: string})[];
	readonly failures: readonly {readonly at: string; readonly step: string; readonly detail: string}[];
	readonly end?: {readonly at: string; readonly outcome: FixOutcome; readonly message: string};
	readonly undone: readonly {readonly at: string; readonly step: string; readonly detail: string}[];
};

export function fixHistory(directory: string): FixHistory[] {
	return listJournals(directory).flatMap(file => {
		try {
			const records = readJournal(file);
			const header = records[0];
			if (header?.type !== 'fix') return [];
			const end = records.findLast(record => record.type === 'end');
			return [
				{
					journal: file,
					at: header.at,
					strategy: header.strategy,
					workload: header.workload,
					region: header.region,
					simulated: header.simulated === true,
					changes: records.flatMap(record => (record.type === 'done' && record.change ? [{...record.change, at: record.at}] : [])),
					failures: records.flatMap(record => (record.type === 'failed' ? [{at: record.at, step: record.step, detail: record.detail}] : [])),
					...(end?.type === 'end' ? {end: {at: end.at, outcome: end.outcome, message: end.message}} : {}),
					undone: records.flatMap(record => (record.type === 'undone' ? [{at: record.at, step: record.step, detail: record.detail}] : [])),
				},
			];
		} catch {
			return [];
		}
	});
}

/** The same workload: its ARN names the account and region too. */
const sameWorkload = (a: Workload, b: Workload) =>
	a.arn && b.arn ? a.arn === b.arn : a.kind === b.kind && a.name === b.name && (a.cluster ?? '') === (b.cluster ?? '');

/** Which journals can be about this report's account: the built-in one's only from this run, a real one's never simulated. */
export type HistoryScope = {readonly simulated: boolean; readonly notBefore?: string};

/** The fixes of this report's workloads, within its window (or after it), of the same kind of account. */
export function fixesFor(report: ScanReport, history: readonly FixHistory[], scope: HistoryScope = {simulated: false}): FixHistory[] {
	const from = scope.notBefore && scope.notBefore > report.window.since ? scope.notBefore : report.window.since;
	return history
		.filter(fix => fix.simulated === scope.simulated && fix.at >= from && report.findings.some(finding => sameWorkload(finding.workload, fix.workload)))
		.sort((a, b) => a.at.localeCompare(b.at));
}
