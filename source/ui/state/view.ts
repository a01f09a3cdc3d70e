/** What the detail and fix screens show for a state, row by row: the reducer scrolls within it, the screens draw it. */
import type {HostReport} from '../../diagnosis/types.js';
import {detailLines} from '../detail-lines.js';
import {fixFlowLines, type FixFlowState} from '../fix-flow-lines.js';
import {statusRows} from '../layout.js';
import type {Line} from '../lines.js';
import {fixPlanLines} from '../screens/fix-lines.js';
import {selectedFinding, type AppState, type FixFlow} from './app-state.js';

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

function flowState(fix: FixFlow): FixFlowState {
	switch (fix.phase) {
		case 'planning': {
			return {phase: 'planning'};
		}
		case 'applying': {
			return {
				phase: 'applying',
				report: fix.report!,
				results: fix.results,
				changes: fix.changes,
				stopping: fix.stopping,
				...(fix.running ? {running: fix.running} : {}),
				...(fix.progress ? {progress: fix.progress} : {}),
			};
		}
		default: {
			return {phase: fix.phase, report: fix.report!};
		}
	}
}

function screenLines(state: AppState, width: number): Line[] {
	const finding = selectedFinding(state);
	if (!finding || state.screen === 'list') return [];
	if (state.screen === 'detail') return detailLines(finding, state.report?.host ?? unknownHost, width, {readOnly: state.readOnly});
	const fixIndex = state.fixIndex ?? 0;
	return state.fix ? fixFlowLines(finding, fixIndex, flowState(state.fix), width) : fixPlanLines(finding, fixIndex, width);
}

let last: {readonly inputs: readonly unknown[]; readonly view: View} | undefined;

/** Memoized on what the lines depend on: a key press that only scrolls does not lay the screen out again. */
export function viewOf(state: AppState): View {
	const width = Math.max(40, state.size.columns - 1);
	// Header, body and footer stay below the terminal's height, so Ink never clears the screen.
	const bodyHeight = Math.max(6, state.size.rows - 2 - Math.max(1, statusRows(state.status, width).length));
	const inputs = [selectedFinding(state), state.report?.host, width, bodyHeight, state.screen, state.fixIndex, state.readOnly, state.fix];
	if (last && last.inputs.length === inputs.length && last.inputs.every((input, index) => input === inputs[index])) return last.view;
	const lines = screenLines(state, width);
	const anchors = [...new Set(lines.flatMap(line => (line.anchor ? [line.anchor] : [])))];
	const view: View = {width, bodyHeight, lines, anchors, maxScroll: Math.max(0, lines.length - bodyHeight)};
	last = {inputs, view};
	return view;
}

/** The scroll that shows every row of the anchor's command, moving as little as it can. */
export function scrollTo(view: View, anchor: string, scroll: number): number {
	const first = view.lines.findIndex(line => line.anchor === anchor);
	const last = view.lines.findLastIndex(line => line.anchor === anchor);
	if (first < scroll) return first;
	if (last >= scroll + view.bodyHeight) return Math.max(0, last - view.bodyHeight + 1);
	return scroll;
}
