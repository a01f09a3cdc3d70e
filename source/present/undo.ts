/** `execdoctor undo` and `execdoctor history` as a person reads them. */
import {workloadLabel} from '../diagnosis/explain.js';
import type {Workload} from '../diagnosis/types.js';
import type {FixOutcome, UndoReport} from '../fixes/types.js';
import {stepLines, type FixLinesOptions} from './fix.js';
import {blank, commandLines, line, wrap, type Line} from './line.js';
import type {Tone} from './line.js';

const undoMarks: Record<UndoReport['outcome'], {readonly text: string; readonly tone: Tone}> = {
	planned: {text: '· Planned: nothing was changed', tone: 'accent'},
	undone: {text: '✓ Undone', tone: 'good'},
	'nothing-to-undo': {text: '✓ Nothing to undo', tone: 'good'},
	refused: {text: '! Not undone', tone: 'warn'},
	failed: {text: '✗ Failed', tone: 'bad'},
	'partly-undone': {text: '✗ Partly undone', tone: 'bad'},
};

export function undoReportLines(report: UndoReport, options: FixLinesOptions): Line[] {
	const mark = undoMarks[report.outcome];
	const lines: Line[] = [
		line({text: `execdoctor undo · ${workloadLabel(report.workload)}`, tone: 'strong'}),
		// Whole, never wrapped: a path is copied.
		line({text: `  ${report.journal}`, tone: 'muted'}),
		line({text: mark.text, tone: mark.tone}),
		...wrap(report.message, options.width, {indent: 2}),
	];
	if (report.steps.length > 0) {
		lines.push(blank, line({text: 'Plan', tone: 'strong'}, {text: '  the latest change first; redeploys last', tone: 'muted'}));
		report.steps.forEach((step, index) => lines.push(...stepLines(step, index, report.dryRun ? undefined : {results: report.results}, options)));
	}
	if (report.steps.length > 0 && report.outcome !== 'undone') {
		lines.push(blank, line({text: 'By hand', tone: 'strong'}, {text: '  the same with the AWS CLI, in this order', tone: 'muted'}));
		for (const command of report.steps.flatMap(step => step.shell))
			lines.push(...commandLines(command, options.width, {indent: 2, whole: options.wholeCommands}));
	}
	if (report.notes.length > 0) {
		lines.push(blank, line({text: 'Not taken back', tone: 'warn'}));
		for (const note of report.notes) lines.push(...wrap(`! ${note}`, options.width, {indent: 4, firstIndent: 2, tone: 'warn'}));
	}
	if (report.outcome === 'planned')
		lines.push(blank, line({text: 'Dry run: nothing was changed. Run again with --yes to take these changes back.', tone: 'muted'}));
	return lines;
}

export type JournalSummary = {
	readonly path: string;
	readonly at: string;
	readonly workload: Workload;
	readonly strategy: string;
	readonly outcome?: FixOutcome;
	readonly changes: number;
	readonly undone: number;
};

export function historyLines(journals: readonly JournalSummary[]): Line[] {
	if (journals.length === 0) return [line({text: 'No fix has been applied from this machine yet.', tone: 'muted'})];
	const lines: Line[] = [];
	for (const journal of journals) {
		const state = journal.outcome ?? 'cut off (no end recorded)';
		const undone = journal.undone > 0 ? ` · ${journal.undone} of ${journal.changes} undone` : '';
		lines.push(
			line(
				{text: `${journal.at.slice(0, 19).replace('T', ' ')}Z  `, tone: 'muted'},
				{text: workloadLabel(journal.workload), tone: 'strong'},
				{text: `  ${journal.strategy} · ${state} · ${journal.changes} changes${undone}`},
			),
			line({text: `  ${journal.path}`, tone: 'muted'}),
		);
	}
	return lines;
}
