/** The fix screen, phase by phase: the shared fix lines, with what the keys do at each phase. */
import type {Finding} from '../../diagnosis/types.js';
import {fixCommandsLines} from '../../present/finding.js';
import {changeLines, fixReportLines, liveLogLines, planLines} from '../../present/fix.js';
import {blank, line, wrap, type Line} from '../../present/line.js';
import type {FixFlow} from '../state/app-state.js';

export type FixScreenOptions = {readonly width: number; readonly readOnly: boolean; readonly demo: boolean};

function title(finding: Finding, fixIndex: number): Line {
	const fix = finding.fixes[fixIndex];
	return line({text: `Fix ${fixIndex + 1} of ${finding.fixes.length}: `, tone: 'muted'}, {text: fix?.title ?? '', tone: 'strong'});
}

/** Without a fix flow (--read-only, or no way to apply): the commands to run by hand. */
export function commandsScreenLines(finding: Finding, fixIndex: number, options: FixScreenOptions): Line[] {
	const {width} = options;
	return [
		title(finding, fixIndex),
		...wrap(`for ${finding.workload.name}`, width, {indent: 2, tone: 'muted'}),
		blank,
		...fixCommandsLines(finding, fixIndex, {...options, wholeCommands: false}),
	];
}

export function fixScreenLines(finding: Finding, fixIndex: number, fix: FixFlow, options: FixScreenOptions): Line[] {
	const {width} = options;
	const shown = {width, wholeCommands: false};
	const head = title(finding, fixIndex);
	switch (fix.phase) {
		case 'planning': {
			return [head, blank, line({text: '… reading the workload, the repository and Docker to plan the exact steps (nothing is changed)', tone: 'muted'})];
		}
		case 'refused': {
			return [
				head,
				blank,
				line({text: 'execdoctor cannot apply this fix here:', tone: 'warn'}),
				...wrap(fix.report?.message ?? '', width, {indent: 2}),
				blank,
				line({text: 'The commands, to run yourself:', tone: 'muted'}),
				...fixCommandsLines(finding, fixIndex, {...options, wholeCommands: false}),
			];
		}
		case 'planned': {
			return [
				head,
				line({text: 'Nothing has been changed. Press y to apply these steps, esc to go back.', tone: 'accent'}),
				blank,
				...planLines(fix.report!, shown),
			];
		}
		case 'applying': {
			// Its state is the pinned line above (FixScreen), which does not scroll away.
			return [
				head,
				blank,
				...planLines(fix.report!, shown, {results: fix.results, ...(fix.running ? {running: fix.running} : {})}),
				...changeLines(fix.changes, shown),
				...(fix.progress ? [blank, ...wrap(`… ${fix.progress}`, width, {tone: 'accent'})] : []),
				...liveLogLines(fix.logs ?? [], fix.logWatch, width),
			];
		}
		case 'done': {
			return [head, ...fixReportLines(fix.report!, shown), ...liveLogLines(fix.logs ?? [], fix.logWatch, width, 20)];
		}
	}
}
