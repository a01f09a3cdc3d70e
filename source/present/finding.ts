/**
 * One finding as a person reads it, in the app's detail screen and in the plain report alike:
 * what fails and why in one line, whether it still fails, Host / Image / Service side by side,
 * the evidence, the explanation, and each fix with its commands.
 */
import {workloadLabel} from '../diagnosis/explain.js';
import type {Finding, HostReport} from '../diagnosis/types.js';
import {fixTargetOf, targetFlags} from '../fixes/target.js';
import {plural} from '../text.js';
import {blank, commandLines, line, wrap, type Line} from './line.js';
import {platformTable} from './platform-table.js';
import {bounded} from './safe.js';
import {codeDocPath, findingCodes} from '../diagnosis/codes.js';
import {evidenceWords, findingMark, formatTime, statusTones, statusWords, verdictTone, verdictWords} from './words.js';

/** How many pieces of evidence a finding shows; --json has up to 50. */
export const evidenceShown = 5;

/** How much of one piece of evidence a finding shows; --json has it whole. */
export const evidenceBytes = 2048;

export type FindingOptions = {
	readonly width: number;
	/** Commands stay on one row, however long (plain text must survive copy and paste). */
	readonly wholeCommands: boolean;
	/** --read-only: commands only, no offer to apply them. */
	readonly readOnly?: boolean;
	/** The built-in account: `execdoctor fix` would read the real one, so it is not offered. */
	readonly demo?: boolean;
};

export function commandAnchor(fixIndex: number, commandIndex: number): string {
	return `command:${fixIndex}:${commandIndex}`;
}

/** The fix a selected command belongs to. */
export function fixIndexOf(anchor: string | undefined): number | undefined {
	const match = anchor ? /^command:(\d+):\d+$/.exec(anchor) : undefined;
	return match ? Number(match[1]) : undefined;
}

/** The `execdoctor fix` command that applies a strategy to this workload; none for a standalone task. */
export function fixCommandFor(finding: Finding, fixId: string): string | undefined {
	const outcome = fixTargetOf(finding.workload);
	// A finding of a scan of several regions says its region: the fix must act there.
	const region = finding.region ? ` --region ${finding.region}` : '';
	return 'target' in outcome ? `execdoctor fix ${targetFlags(outcome.target)}${region} --strategy ${fixId}` : undefined;
}

function findingTitle(finding: Finding): Line {
	const mark = findingMark(finding);
	const tone = verdictTone(finding.verdict);
	return line(
		{text: `${mark.glyph} `, tone: mark.tone},
		{text: workloadLabel(finding.workload), tone: 'strong'},
		{text: `  ${verdictWords[finding.verdict]}`, tone},
		{text: `  [${finding.code}]`, tone: 'muted'},
		...(finding.region ? [{text: `  ${finding.account ? `${finding.account} ` : ''}${finding.region}`, tone: 'muted' as const}] : []),
	);
}

function evidenceLines(finding: Finding, width: number): Line[] {
	const lines: Line[] = [
		line(
			{text: 'Evidence', tone: 'strong'},
			{text: `  ${plural(finding.evidenceCount, 'piece')}, the last at ${formatTime(finding.lastFailureAt)}`, tone: 'muted'},
		),
	];
	for (const item of finding.evidence.slice(0, evidenceShown)) {
		const more = item.count ? ` · ${item.count} such lines${item.firstTime ? ` since ${formatTime(item.firstTime)}` : ''}` : '';
		lines.push(...wrap(`${formatTime(item.time)}  ${evidenceWords[item.kind]}${more}`, width, {tone: 'muted', indent: 2}));
		lines.push(...wrap(bounded(item.message, evidenceBytes), width, {indent: 4, ...(item.kind === 'log-line' ? {tone: 'code' as const} : {})}));
		const where = [item.logGroup, item.logStream].filter(Boolean).join('  ');
		if (where) lines.push(...wrap(where, width, {indent: 4, tone: 'muted'}));
	}
	const hidden = finding.evidenceCount - Math.min(evidenceShown, finding.evidence.length);
	if (hidden > 0) {
		const listed = finding.evidence.length === finding.evidenceCount ? 'all of them' : `the newest ${finding.evidence.length}`;
		lines.push(...wrap(`… ${hidden} more: execdoctor scan --json lists ${listed}`, width, {indent: 2, tone: 'muted'}));
	}
	return lines;
}

/** A task of several containers: each one, its image and platforms, and what the evidence says of it. */
function containerLines(finding: Finding, width: number): Line[] {
	const containers = finding.containers ?? [];
	if (containers.length < 2) return [];
	const lines: Line[] = [line({text: 'Containers', tone: 'strong'}, {text: `  ${containers.length} in the task; the marked one is judged`, tone: 'muted'})];
	for (const container of containers) {
		const healthy = container.verdict === 'healthy';
		lines.push(
			line(
				{text: container.judged ? '› ' : '  '},
				{text: container.name, tone: 'strong'},
				{text: container.essential ? '' : ' (not essential)', tone: 'muted'},
				{text: `  ${healthy ? 'healthy' : verdictWords[container.verdict]}`, tone: healthy ? 'good' : verdictTone(container.verdict)},
			),
			...wrap(`${container.image}  ${container.platforms.join(', ') || 'platforms unknown'}`, width, {indent: 4, tone: 'muted'}),
		);
		if (container.evidence.length > 0) lines.push(...wrap(container.evidence.join('; '), width, {indent: 4, tone: 'muted'}));
	}
	return [...lines, blank];
}

function fixLines(finding: Finding, options: FindingOptions): Line[] {
	const {width} = options;
	if (finding.fixes.length === 0) {
		const why =
			finding.status === 'recovered'
				? 'No fix is needed: the workload runs again.'
				: finding.verdict === 'not-architecture'
					? 'No architecture fix applies: image and runtime agree. Check the other causes above.'
					: 'No fix is offered until the cause is known; the missing evidence is named above.';
		return [line({text: 'Fixes', tone: 'strong'}), ...wrap(why, width, {indent: 2, tone: 'muted'})];
	}
	const lines: Line[] = [
		line({text: 'Fixes', tone: 'strong'}, {text: options.readOnly ? '  (read-only: commands only)' : '  in the order to consider them', tone: 'muted'}),
	];
	finding.fixes.forEach((fix, fixIndex) => {
		lines.push(blank, ...wrap(`${fixIndex + 1}. ${fix.title}`, width, {indent: 5, firstIndent: 2, tone: 'strong'}));
		const apply = options.readOnly || options.demo ? undefined : fixCommandFor(finding, fix.id);
		if (fix.blocker) lines.push(...wrap(`Cannot run from here: ${fix.blocker}`, width, {indent: 5, tone: 'warn'}));
		else if (apply) lines.push(...wrap(`execdoctor applies and verifies it: ${apply} --dry-run, then --yes`, width, {indent: 5, tone: 'muted'}));
		fix.commands.forEach((command, commandIndex) => {
			lines.push(...commandLines(command, width, {indent: 5, anchor: commandAnchor(fixIndex, commandIndex), whole: options.wholeCommands}));
		});
		for (const note of fix.notes) lines.push(...wrap(`· ${note}`, width, {indent: 7, firstIndent: 5, tone: 'muted'}));
	});
	return lines;
}

/** Everything there is to read about a finding, top to bottom, one terminal row per line. */
export function findingLines(finding: Finding, host: HostReport, options: FindingOptions): Line[] {
	const {width} = options;
	const lines: Line[] = [
		findingTitle(finding),
		...wrap(finding.summary, width, {indent: 2}),
		...wrap(`Now: ${statusWords[finding.status]}: ${finding.statusReason}.`, width, {indent: 2, tone: statusTones[finding.status]}),
		blank,
		...platformTable(finding, host, width),
		blank,
		...containerLines(finding, width),
		...evidenceLines(finding, width),
		blank,
		line({text: 'Why', tone: 'strong'}),
	];
	for (const paragraph of finding.explanation) lines.push(...wrap(paragraph, width, {indent: 2}));
	if (finding.hypotheses.length > 0) {
		lines.push(blank, line({text: 'Other known causes, most likely first', tone: 'strong'}));
		for (const hypothesis of finding.hypotheses) lines.push(...wrap(`- ${hypothesis}`, width, {indent: 4, firstIndent: 2}));
	}
	lines.push(blank, ...fixLines(finding, options));
	lines.push(
		blank,
		line({text: `About ${finding.code}`, tone: 'strong'}),
		...wrap(`${findingCodes[finding.code].title}: ${codeDocPath(finding.code)}`, width, {indent: 2, tone: 'muted'}),
	);
	return lines;
}

/** One fix's commands alone, in order, with what to know before running them: for running them by hand. */
export function fixCommandsLines(finding: Finding, fixIndex: number, options: FindingOptions): Line[] {
	const fix = finding.fixes[fixIndex];
	if (!fix) return [line('No such fix.')];
	const {width} = options;
	const lines: Line[] = [line({text: 'Plan', tone: 'strong'}, {text: '  the exact commands, in order', tone: 'muted'})];
	fix.commands.forEach((command, commandIndex) => {
		lines.push(
			...commandLines(command, width, {
				indent: 2,
				anchor: commandAnchor(fixIndex, commandIndex),
				whole: options.wholeCommands,
				prefix: `${commandIndex + 1}. $ `,
			}),
		);
	});
	if (fix.notes.length > 0) {
		lines.push(blank, line({text: 'Before you run them', tone: 'strong'}));
		for (const note of fix.notes) lines.push(...wrap(`· ${note}`, width, {indent: 4, firstIndent: 2}));
	}
	const apply = options.readOnly || options.demo ? undefined : fixCommandFor(finding, fix.id);
	if (apply) {
		lines.push(blank, line({text: 'Or let execdoctor run them and verify the result', tone: 'strong'}));
		lines.push(...commandLines(`${apply} --dry-run`, width, {indent: 2, whole: options.wholeCommands}));
	}
	return lines;
}
