import {workloadLabel} from '../../diagnosis/explain.js';
import type {Finding} from '../../diagnosis/types.js';
import {fixCommandFor} from '../../output/fix-command-line.js';
import {commandAnchor} from '../detail-lines.js';
import {blank, line, wrap, type Line} from '../lines.js';

/** The plan of one fix: its commands in order and what to know before running them. */
export function fixPlanLines(finding: Finding, fixIndex: number, width: number): Line[] {
	const fix = finding.fixes[fixIndex];
	if (!fix) return [line('No such fix.')];
	const lines: Line[] = [
		line({text: `Fix ${fixIndex + 1} of ${finding.fixes.length}: `, tone: 'muted'}, {text: fix.title, tone: 'strong'}),
		...wrap(`for ${workloadLabel(finding.workload)}`, width, {indent: 2, tone: 'muted'}),
		blank,
		line({text: 'Plan', tone: 'strong'}, {text: '  the exact commands, in order', tone: 'muted'}),
	];
	fix.commands.forEach((command, commandIndex) => {
		lines.push(...wrap(`${commandIndex + 1}. $ ${command}`, width, {indent: 7, firstIndent: 2, tone: 'code', anchor: commandAnchor(fixIndex, commandIndex)}));
	});
	lines.push(blank, line({text: 'Before you run them', tone: 'strong'}));
	for (const note of fix.notes) lines.push(...wrap(`· ${note}`, width, {indent: 4, firstIndent: 2}));
	const command = fixCommandFor(finding, fix.id);
	if (command) {
		lines.push(blank, line({text: 'Or let execdoctor run them and verify the result', tone: 'strong'}));
		lines.push(...wrap(`$ ${command} --dry-run`, width, {indent: 4, firstIndent: 2, tone: 'code'}));
	}
	return lines;
}
