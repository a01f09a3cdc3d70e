import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useState} from 'react';
import {ScrollView} from '../components/scroll-view.js';
import {editableFields, type AppState, type FixFlow} from '../state/app-state.js';
import type {View} from '../state/view.js';
import {useTone} from '../theme.js';
import {hintsFor} from '../keys.js';

/** The footer while a fix is open: y only while there is a plan to apply, e only for a plan with inputs, no way out while it applies. */
export function fixHints(fix: FixFlow | undefined, width: number): string | undefined {
	if (!fix) return undefined;
	if (fix.editing) return 'type to change · tab next field · enter plan again · esc cancel';
	if (fix.phase === 'applying') return '↑↓ scroll · q or Ctrl-C stop after this step';
	const editable = editableFields(fix).length > 0;
	if (fix.phase === 'planned') return hintsFor('fix', width, new Set(editable ? [] : ['edit']));
	return `${editable ? 'e edit · ' : ''}↑↓/jk move · space page · esc back · ? keys · q quit`;
}

/** `0:42`, `12:05`. */
export function clock(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a running fix is doing now, in one line: the step, or the verification, with its time. */
export function pinnedStatus(fix: FixFlow, timeoutMs: number | undefined, now: number): string {
	if (fix.stopping) return "Stopping after this step, or at the verification's next look…";
	const total = fix.report?.plan?.steps.length ?? 0;
	if (fix.verifyingSince !== undefined) {
		const elapsed = clock(now - fix.verifyingSince);
		// The time before the progress: a long progress line is cut at its end, the time never.
		return `Verifying · ${elapsed}${timeoutMs ? ` of ${clock(timeoutMs)}` : ''} · ${fix.progress ?? 'reading the image again'}`;
	}
	const index = fix.report?.plan?.steps.findIndex(step => step.id === fix.running) ?? -1;
	const step = index >= 0 ? `step ${index + 1} of ${total}` : `${fix.results.length} of ${total} steps done`;
	return `Applying · ${clock(now - (fix.startedAt ?? now))} · ${step} · Ctrl-C stops after the current step`;
}

/** Ticks once a second while a fix runs, so the pinned line's time moves. */
function useNow(active: boolean): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [active]);
	return now;
}

/** One fix: its plan, then each step as it runs, the changes with their undo, and the verification. */
export function FixScreen({state, view}: {readonly state: AppState; readonly view: View}) {
	const tone = useTone();
	const {fix} = state;
	const applying = fix?.phase === 'applying';
	const now = useNow(applying);
	const scroll = <ScrollView lines={view.lines} offset={state.scroll} height={view.bodyHeight} {...(state.anchor ? {anchor: state.anchor} : {})} />;
	if (!fix || !applying) return scroll;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end" {...tone('accent')}>
				<Spinner type="dots" /> {pinnedStatus(fix, state.fixTimeoutMs, Math.max(now, Date.now()))}
			</Text>
			{scroll}
		</Box>
	);
}
