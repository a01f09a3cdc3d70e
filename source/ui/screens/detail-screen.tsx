import {ScrollView} from '../components/scroll-view.js';
import type {AppState} from '../state/app-state.js';
import type {View} from '../state/view.js';

/** One finding: the platform table, evidence, why, and the fixes with every command selectable. */
export function DetailScreen({state, view}: {readonly state: AppState; readonly view: View}) {
	return <ScrollView lines={view.lines} offset={state.scroll} height={view.bodyHeight} {...(state.anchor ? {anchor: state.anchor} : {})} />;
}
