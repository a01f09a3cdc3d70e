import {workloadLabel} from '../diagnosis/explain.js';
import type {Evidence, Finding, HostReport} from '../diagnosis/types.js';
import {statusTones, statusWords} from '../diagnosis/status-words.js';
import {verdictWords} from '../diagnosis/verdict.js';
import {findingGlyph, formatTime} from '../output/plain.js';
import {plural} from '../text.js';
import {blank, line, wrap, type Line, type Tone} from './lines.js';
import {platformTable} from './platform-table.js';

export const evidenceShown = 10;

const evidenceWords: Record<Evidence['kind'], string> = {
	'log-line': 'log line',
	'stopped-task': 'stopped task',
	'service-event': 'service event',
	deployment: 'deployment',
	'apprunner-status': 'service status',
	'apprunner-operation': 'operation',
};

export function verdictTone(finding: Pick<Finding, 'verdict'>): Tone {
	return finding.verdict === 'architecture-mismatch' || finding.verdict === 'platform-missing' ? 'bad' : 'warn';
}

export function commandAnchor(fixIndex: number, commandIndex: number): string {
	return `command:${fixIndex}:${commandIndex}`;
}

export function commandAnchors(finding: Finding): string[] {
	return finding.fixes.flatMap((fix, fixIndex) => fix.commands.map((_, commandIndex) => commandAnchor(fixIndex, commandIndex)));
}

export function commandAt(finding: Finding, anchor: string | undefined): {fixIndex: number; command: string} | undefined {
	const match = anchor ? /^command:(\d+):(\d+)$/.exec(anchor) : undefined;
	if (!match) return undefined;
	const fixIndex = Number(match[1]);
	const command = finding.fixes[fixIndex]?.commands[Number(match[2])];
	return command === undefined ? undefined : {fixIndex, command};
}

function evidenceLines(finding: Finding, width: number): Line[] {
	const lines: Line[] = [
		line(
			{text: 'Evidence', tone: 'strong'},
			{text: `  ${plural(finding.evidenceCount, 'piece')}, the last at ${formatTime(finding.lastFailureAt)}`, tone: 'muted'},
		),
	];
	for (const item of finding.evidence.slice(0, evidenceShown)) {
		lines.push(...wrap(`${formatTime(item.time)}  ${evidenceWords[item.kind]}`, width, {tone: 'muted', indent: 2}));
		lines.push(...wrap(item.message, width, {indent: 4, tone: item.kind === 'log-line' ? 'code' : undefined}));
		const where = [item.logGroup, item.logStream].filter(Boolean).join('  ');
		if (where) lines.push(...wrap(where, width, {indent: 4, tone: 'muted'}));
	}
	const hidden = finding.evidenceCount - Math.min(evidenceShown, finding.evidence.length);
	if (hidden > 0) lines.push(...wrap(`… ${hidden} more (execdoctor scan --json lists up to 50)`, width, {indent: 2, tone: 'muted'}));
	return lines;
}

function fixLines(finding: Finding, width: number, readOnly: boolean): Line[] {
	if (finding.fixes.length === 0) {
		const why =
			finding.verdict === 'not-architecture'
				? 'No architecture fix applies: image and runtime agree. Check the other causes above.'
				: 'No fix is offered until the cause is known; the missing evidence is named above.';
		return [line({text: 'Fixes', tone: 'strong'}), ...wrap(why, width, {indent: 2, tone: 'muted'})];
	}
	const lines: Line[] = [
		line({text: 'Fixes', tone: 'strong'}, {text: readOnly ? '  (read-only: commands only)' : '  tab selects a command · enter opens its fix', tone: 'muted'}),
	];
	finding.fixes.forEach((fix, fixIndex) => {
		lines.push(blank, ...wrap(`${fixIndex + 1}. ${fix.title}`, width, {indent: 5, firstIndent: 2, tone: 'strong'}));
		fix.commands.forEach((command, commandIndex) => {
			lines.push(...wrap(`$ ${command}`, width, {indent: 7, firstIndent: 5, tone: 'code', anchor: commandAnchor(fixIndex, commandIndex)}));
		});
		for (const note of fix.notes) lines.push(...wrap(`· ${note}`, width, {indent: 7, firstIndent: 5, tone: 'muted'}));
	});
	return lines;
}

/** Everything the detail screen shows for a finding, top to bottom, one terminal row per line. */
export function detailLines(finding: Finding, host: HostReport, width: number, options: {readOnly?: boolean} = {}): Line[] {
	const tone = verdictTone(finding);
	const lines: Line[] = [
		line(
			{text: `${findingGlyph(finding)} `, tone: finding.status === 'recovered' ? statusTones.recovered : tone},
			{text: workloadLabel(finding.workload), tone: 'strong'},
			{text: `  ${verdictWords[finding.verdict]}`, tone},
		),
		...wrap(finding.summary, width, {indent: 2}),
		...wrap(`Now: ${statusWords[finding.status]}: ${finding.statusReason}.`, width, {indent: 2, tone: statusTones[finding.status]}),
		blank,
		...platformTable(finding, host, width),
		blank,
		...evidenceLines(finding, width),
		blank,
		line({text: 'Why', tone: 'strong'}),
	];
	for (const paragraph of finding.explanation) lines.push(...wrap(paragraph, width, {indent: 2}));
	if (finding.hypotheses.length > 0) {
		lines.push(blank, line({text: 'Other known causes, most likely first', tone: 'strong'}));
		for (const hypothesis of finding.hypotheses) lines.push(...wrap(`- ${hypothesis}`, width, {indent: 4, firstIndent: 2}));
	}
	lines.push(blank, ...fixLines(finding, width, options.readOnly ?? false));
	return lines;
}
