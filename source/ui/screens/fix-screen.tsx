import {ScrollView} from '../components/scroll-view.js';
import type {AppState, FixFlow} from '../state/app-state.js';
import type {View} from '../state/view.js';

/** The footer while a fix is open: y only while there is a plan to apply, no way out while it applies. */
export function fixHints(fix: FixFlow | undefined): string | undefined {
	if (!fix || fix.phase === 'planned') return undefined;
	return fix.phase === 'applying' ? '↑↓ scroll · q or Ctrl-C stop after this step' : '↑↓/jk move · space page · esc back · ? keys · q quit';
}

/** One fix: its plan, then each step as it runs, the changes with their undo, and the verification. */
export function FixScreen({state, view}: {readonly state: AppState; readonly view: View}) {
	return <ScrollView lines={view.lines} offset={state.scroll} height={view.bodyHeight} {...(state.anchor ? {anchor: state.anchor} : {})} />;
}
