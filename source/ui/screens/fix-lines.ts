/** The fix screen, phase by phase: the shared fix lines, with what the keys do at each phase. */
import type {Finding} from '../../diagnosis/types.js';
import {fixCommandsLines} from '../../present/finding.js';
import {changeLines, fixReportLines, liveLogLines, planLines} from '../../present/fix.js';
import {blank, line, wrap, type Line} from '../../present/line.js';
import type {FixFlow, PlanEdit} from '../state/app-state.js';

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

/** `e`: the plan's inputs as fields, the cursor in one, ahead of the plan they will replace. */
function editorLines(editing: PlanEdit, width: number): Line[] {
	const field = (name: 'source' | 'tag', label: string, empty: string) => {
		const value = editing[name];
		const here = editing.field === name;
		return line(
			{text: `${here ? '›' : ' '} ${label.padEnd(7)}`, tone: here ? 'accent' : 'muted'},
			value ? {text: value, tone: 'code'} : {text: here ? '' : empty, tone: 'muted'},
			...(here ? [{text: '█', tone: 'accent' as const}, ...(value ? [] : [{text: ` ${empty}`, tone: 'muted' as const}])] : []),
		);
	};
	return [
		blank,
		line({text: 'Change the plan', tone: 'strong'}, {text: '  enter plans again with these · esc keeps the plan below', tone: 'muted'}),
		...(editing.fields.includes('source') ? [field('source', 'Source', 'the image to pull or copy, like grafana/grafana:11.2.0')] : []),
		...(editing.fields.includes('tag') ? [field('tag', 'Tag', 'empty: the tag the workload runs now')] : []),
		...wrap('Nothing is changed by planning again.', width, {indent: 2, tone: 'muted'}),
	];
}

export function fixScreenLines(finding: Finding, fixIndex: number, fix: FixFlow, options: FixScreenOptions): Line[] {
	const lines = phaseLines(finding, fixIndex, fix, options);
	return fix.editing ? [lines[0]!, ...editorLines(fix.editing, options.width), ...lines.slice(1)] : lines;
}

function phaseLines(finding: Finding, fixIndex: number, fix: FixFlow, options: FixScreenOptions): Line[] {
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
				...(fix.report?.plan?.sourceOrigin === 'guess'
					? wrap('The source is a guess: press e to give the image it really comes from.', width, {tone: 'warn'})
					: []),
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
