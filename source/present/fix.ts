/**
 * A fix as a person reads it, in the app's fix screen and in `execdoctor fix`'s report alike:
 * the plan step by step (each with its state once it runs), the changes with their undo, the
 * verification, and how it ended.
 */
import type {Change, FixReport, PlannedStep, StepResult, Verification} from '../fixes/types.js';
import type {LiveLogLine} from '../fixes/watch-logs.js';
import {blank, commandLines, line, truncate, wrap, type Line} from './line.js';
import {outcomeMark, sourceWords, stepMarks} from './words.js';

export type FixLinesOptions = {
	readonly width: number;
	/** Commands stay on one row (plain text must survive copy and paste). */
	readonly wholeCommands: boolean;
};

/** While a fix runs: the results so far and the step running now. */
export type Progress = {readonly results: readonly StepResult[]; readonly running?: string};

const verificationWords: Record<Exclude<Verification['status'], 'not-run'>, {readonly text: string; readonly tone: 'good' | 'bad' | 'warn'}> = {
	verified: {text: '✓ verified', tone: 'good'},
	'not-verified': {text: '✗ not verified', tone: 'bad'},
	'timed-out': {text: '? timed out', tone: 'bad'},
	stopped: {text: '- stopped before it settled', tone: 'warn'},
};

export function stepLines(step: PlannedStep, index: number, progress: Progress | undefined, options: FixLinesOptions): Line[] {
	const result = progress?.results.find(candidate => candidate.id === step.id);
	const mark = stepMarks[result?.status ?? (progress?.running === step.id ? 'running' : 'waiting')];
	const lines: Line[] = [
		// The marker sits in a gutter before the title: a long title is cut at its end, never the marker.
		line({text: `${mark.glyph} `, tone: mark.tone}, step.mutating ? {text: 'changes AWS ', tone: 'warn'} : {text: '            '}, {
			text: `${index + 1}. ${step.title}`,
			tone: 'strong',
		}),
		...commandLines(step.display, options.width, {indent: 5, whole: options.wholeCommands, prefix: ''}),
	];
	if (result?.detail) lines.push(...wrap(result.detail, options.width, {indent: 5, tone: result.status === 'failed' ? 'bad' : 'muted'}));
	return lines;
}

/** What the plan will do, and, once running or done, how far each step got. */
export function planLines(report: FixReport, options: FixLinesOptions, progress?: Progress): Line[] {
	const {plan} = report;
	if (!plan) return [];
	const {width} = options;
	const facts = [
		`runs on ${plan.targetPlatform}`,
		...(plan.source ? [`source ${plan.source} (${sourceWords[plan.sourceOrigin ?? 'flag']})`] : []),
		...(plan.destination ? [`pushes to ${plan.destination}`] : []),
	];
	const lines: Line[] = [
		...wrap(facts.join(' · '), width, {indent: 2, tone: plan.sourceOrigin === 'guess' ? 'warn' : 'muted'}),
		blank,
		line({text: 'Plan', tone: 'strong'}),
	];
	plan.steps.forEach((step, index) => lines.push(...stepLines(step, index, progress, options)));
	if (plan.warnings.length > 0) {
		lines.push(blank, line({text: 'Before you apply it', tone: 'warn'}));
		for (const warning of plan.warnings) lines.push(...wrap(`! ${warning}`, width, {indent: 4, firstIndent: 2, tone: 'warn'}));
	}
	return lines;
}

export function changeLines(changes: readonly Change[], options: FixLinesOptions): Line[] {
	if (changes.length === 0) return [];
	const lines: Line[] = [blank, line({text: 'Changes made, and how to undo each', tone: 'strong'})];
	for (const change of changes) {
		lines.push(...wrap(`• ${change.description}`, options.width, {indent: 4, firstIndent: 2}));
		lines.push(...commandLines(change.undo, options.width, {indent: 4, whole: options.wholeCommands, prefix: 'undo: '}));
	}
	return lines;
}

function verificationLines(verification: Verification, options: FixLinesOptions): Line[] {
	if (verification.status === 'not-run') return [];
	const headline = verificationWords[verification.status];
	const lines: Line[] = [blank, line({text: 'Verification', tone: 'strong'}, {text: `  ${headline.text}`, tone: headline.tone})];
	for (const check of verification.checks) {
		lines.push(...wrap(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`, options.width, {indent: 4, firstIndent: 2, tone: check.ok ? 'good' : 'bad'}));
	}
	for (const item of verification.evidence.slice(0, 8)) {
		const where = item.logStream ? `  (${item.logGroup} ${item.logStream})` : '';
		lines.push(...wrap(`${item.time ?? ''} ${item.message}${where}`, options.width, {indent: 4, tone: 'muted'}));
	}
	return lines;
}

/** How a fix ended, then everything that shows it: what `execdoctor fix` prints, and the app's last fix screen. */
export function fixReportLines(report: FixReport, options: FixLinesOptions): Line[] {
	const outcome = outcomeMark(report);
	const lines: Line[] = [line({text: outcome.text, tone: outcome.tone}), ...wrap(report.message, options.width, {indent: 2}), blank];
	lines.push(...planLines(report, options, report.dryRun ? undefined : {results: report.steps}));
	lines.push(...changeLines(report.changes, options), ...verificationLines(report.verification, options));
	if (report.outcome === 'planned') lines.push(blank, line({text: 'Dry run: nothing was changed. Run again with --yes to apply it.', tone: 'muted'}));
	if (report.journal) {
		lines.push(blank, line({text: 'Journal', tone: 'strong'}, {text: '  every change and its undo, written before each change', tone: 'muted'}));
		lines.push(...commandLines(report.journal, options.width, {indent: 2, whole: options.wholeCommands, prefix: ''}));
		if (report.changes.length > 0)
			lines.push(...commandLines(`execdoctor undo ${report.journal} --dry-run`, options.width, {indent: 2, whole: options.wholeCommands}));
	}
	return lines;
}

/** How the new tasks' logs are read while a fix is verified. */
export type LogWatchState = {readonly via: 'live-tail' | 'polling' | 'off'; readonly reason?: string};

const viaWords: Record<LogWatchState['via'], string> = {
	'live-tail': 'CloudWatch Logs Live Tail',
	polling: 'FilterLogEvents at every look',
	off: 'not shown',
};

/** `09:31:02 grafana 4c1f2a9e │ listening on :3000`: when, which container of which task, the line. */
export function liveLogLine(entry: LiveLogLine, width: number): Line {
	const where = [entry.container, entry.taskId?.slice(0, 8)].filter(Boolean).join(' ') || entry.logStream;
	const head = `    ${entry.time.slice(11, 19)} ${where} │ `;
	return line({text: head, tone: 'muted'}, {text: truncate(entry.message, Math.max(10, width - head.length))});
}

/** The last lines the new tasks logged, newest last: the container starting, or failing, as it happens. */
export function liveLogLines(lines: readonly LiveLogLine[], watch: LogWatchState | undefined, width: number, shown = 8): Line[] {
	if (!watch) return [];
	const title = line(
		{text: 'Logs of the new tasks', tone: 'strong'},
		{text: `  ${viaWords[watch.via]}${watch.reason ? `: ${watch.reason}` : ''}`, tone: 'muted'},
	);
	const rows = lines.slice(-shown).map(entry => liveLogLine(entry, width));
	const none = watch.via === 'off' ? [] : [line({text: '    … no line yet', tone: 'muted'})];
	return [blank, title, ...(rows.length > 0 ? rows : none)];
}
