/** What the detail and fix screens show for a state, row by row: the reducer scrolls within it, the screens draw it. */
import type {Finding, HostReport} from '../../diagnosis/types.js';
import {findingLines} from '../../present/finding.js';
import {blank, line, wrap, type Line} from '../../present/line.js';
import {fixedMarks} from '../../present/words.js';
import {statusRows} from '../layout.js';
import {anchorsOf} from './anchors.js';
import {commandsScreenLines, fixScreenLines} from '../screens/fix-lines.js';
import {selectedFinding, type AppState} from './app-state.js';

export type View = {
	readonly width: number;
	/** Rows between the header and the footer. */
	readonly bodyHeight: number;
	readonly lines: readonly Line[];
	/** The selectable commands, in order. */
	readonly anchors: readonly string[];
	readonly maxScroll: number;
};

const unknownHost: HostReport = {platform: 'unknown', source: 'node-process', containerdImageStore: null};

function screenLines(state: AppState, width: number): Line[] {
	const finding = selectedFinding(state);
	if (!finding || state.screen === 'list') return [];
	const options = {width, readOnly: state.readOnly, demo: state.demo};
	if (state.screen === 'detail')
		return [...afterFixLines(state, finding, width), ...findingLines(finding, state.report?.host ?? unknownHost, {...options, wholeCommands: false})];
	const fixIndex = state.fixIndex ?? 0;
	return state.fix ? fixScreenLines(finding, fixIndex, state.fix, options) : commandsScreenLines(finding, fixIndex, options);
}

/**
 * What happened since the scan, above the scan's own account of the finding: the fix applied to
 * it (its outcome, when, the journal and its undo), or a fix to another workload that moved the
 * tag this one runs.
 */
function afterFixLines(state: AppState, finding: Finding, width: number): Line[] {
	const own = state.fixReports[finding.id];
	if (own) {
		const {report, at} = own;
		const mark = fixedMarks[report.outcome];
		return [
			line({text: `${mark?.glyph ?? '!'} ${mark?.words ?? report.outcome} at ${at.slice(11, 16)}Z (${report.strategy})`, tone: mark?.tone ?? 'warn'}),
			...wrap(report.message, width, {indent: 2}),
			...(report.journal ? wrap(`Journal ${report.journal}; to take it back: execdoctor undo ${report.journal} --yes`, width, {indent: 2, tone: 'muted'}) : []),
			...wrap('What follows is the scan from before the fix: press r to scan again.', width, {indent: 2, tone: 'muted'}),
			blank,
		];
	}
	const moved = Object.entries(state.fixReports).find(
		([id, entry]) =>
			id !== finding.id && entry.report.plan?.destination === finding.image.reference && entry.report.changes.some(change => change.step.startsWith('docker')),
	);
	if (!moved) return [];
	const [, entry] = moved;
	const other = entry.report.workload ? `${entry.report.workload.name}'s fix` : 'another fix';
	return [
		...wrap(
			`! ${finding.image.reference} was pushed again at ${entry.at.slice(11, 16)}Z by ${other}: this workload still runs the digest it resolved before, until it is redeployed. Press r to scan again; its Redeploy fix then picks the new image up.`,
			width,
			{tone: 'warn'},
		),
		blank,
	];
}

let last: {readonly inputs: readonly unknown[]; readonly view: View} | undefined;

/** Memoized on what the lines depend on: a key press that only scrolls does not lay the screen out again. */
export function viewOf(state: AppState): View {
	const width = Math.max(40, state.size.columns - 1);
	// Header, body and footer stay below the terminal's height, so Ink never clears the screen.
	// A running fix pins its status line above the scrolling steps.
	const pinned = state.screen === 'fix' && state.fix?.phase === 'applying' ? 1 : 0;
	const bodyHeight = Math.max(6, state.size.rows - 2 - pinned - Math.max(1, statusRows(state.status, width, state.statusLink).length));
	const inputs = [
		selectedFinding(state),
		state.report?.host,
		width,
		bodyHeight,
		state.screen,
		state.fixIndex,
		state.readOnly,
		state.demo,
		state.fix,
		state.fixReports,
	];
	if (last && last.inputs.length === inputs.length && last.inputs.every((input, index) => input === inputs[index])) return last.view;
	const lines = screenLines(state, width);
	const view: View = {width, bodyHeight, lines, anchors: anchorsOf(lines), maxScroll: Math.max(0, lines.length - bodyHeight)};
	last = {inputs, view};
	return view;
}
