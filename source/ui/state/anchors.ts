/** Selectable commands in a screen's lines (tab, shift-tab, c), for the app and the walkthrough alike. */
import type {Line} from '../../present/line.js';

type Rows = {readonly lines: readonly Line[]; readonly bodyHeight: number};

/** The selectable commands, in order; a wrapped command's rows share one anchor. */
export function anchorsOf(lines: readonly Line[]): string[] {
	return [...new Set(lines.flatMap(line => (line.anchor ? [line.anchor] : [])))];
}

/** The command after (or before) `current`, round the end; the first (or last) when none is selected. */
export function nextAnchor(anchors: readonly string[], current: string | undefined, delta: number): string {
	const index = current ? anchors.indexOf(current) : delta > 0 ? -1 : 0;
	return anchors[(index + delta + anchors.length) % anchors.length]!;
}

/** The scroll that shows every row of the anchor's command, moving as little as it can. */
export function scrollTo(view: Rows, anchor: string, scroll: number): number {
	const first = view.lines.findIndex(line => line.anchor === anchor);
	const last = view.lines.findLastIndex(line => line.anchor === anchor);
	if (first < scroll) return first;
	if (last >= scroll + view.bodyHeight) return Math.max(0, last - view.bodyHeight + 1);
	return scroll;
}

/** What copying the selected command puts on the clipboard. */
export function copyOf(view: Pick<Rows, 'lines'>, anchor: string | undefined): string | undefined {
	return anchor ? view.lines.find(line => line.anchor === anchor)?.copy : undefined;
}
