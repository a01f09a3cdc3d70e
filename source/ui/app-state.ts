/** The app's state as a pure reducer: every key and scan event is an action. */
import type {ScanEvent, SourceName, SourceState} from '../reading/progress.js';
import {sortFindings} from '../diagnosis/findings-order.js';
import type {Finding, ScanReport, Warning} from '../diagnosis/types.js';
import type {FixOutcome} from '../fixes/types.js';

export type Screen = 'list' | 'detail' | 'fix';

export type SourceStatus = {readonly state: SourceState | 'waiting'; readonly count: number; readonly detail?: string};

export type AppState = {
	readonly screen: Screen;
	readonly helpOpen: boolean;
	readonly account?: string;
	readonly region?: string;
	readonly sources: Readonly<Record<SourceName, SourceStatus>>;
	/** In the order the report uses: most severe first. */
	readonly findings: readonly Finding[];
	readonly selectedId?: string;
	/** Until the user moves, the selection follows the top row as findings arrive and re-sort. */
	readonly userMoved: boolean;
	readonly warnings: readonly Warning[];
	readonly report?: ScanReport;
	readonly error?: string;
	/** Detail screen: first visible row and the selected command's anchor. */
	readonly scroll: number;
	/** The detail screen's scroll, restored when coming back from a fix. */
	readonly detailScroll: number;
	readonly anchor?: string;
	readonly fixIndex?: number;
	/** One line of feedback (copied, opened …), cleared by the next key. */
	readonly status?: string;
	/** Fixes applied from the app since the scan, by finding: the list shows them until a rescan. */
	readonly fixOutcomes: Readonly<Record<string, FixOutcome>>;
};

const waiting: SourceStatus = {state: 'waiting', count: 0};

export const initialState: AppState = {
	screen: 'list',
	helpOpen: false,
	sources: {ecs: waiting, apprunner: waiting, logs: waiting, images: waiting},
	findings: [],
	userMoved: false,
	warnings: [],
	scroll: 0,
	detailScroll: 0,
	fixOutcomes: {},
};

export type AppAction =
	| {type: 'scan-event'; event: ScanEvent}
	| {type: 'scan-done'; report: ScanReport}
	| {type: 'scan-failed'; message: string}
	| {type: 'move'; delta: number}
	| {type: 'open'}
	| {type: 'back'}
	| {type: 'toggle-help'}
	| {type: 'scroll'; delta: number; maxScroll: number}
	| {type: 'select-anchor'; anchor: string | undefined; scroll: number}
	| {type: 'open-fix'; fixIndex: number}
	| {type: 'status'; message: string | undefined}
	| {type: 'fix-finished'; findingId: string; outcome: FixOutcome; changed: boolean}
	| {type: 'rescan'};

function upsert(findings: readonly Finding[], finding: Finding): Finding[] {
	return sortFindings([...findings.filter(existing => existing.id !== finding.id), finding]);
}

function applyEvent(state: AppState, event: ScanEvent): AppState {
	switch (event.type) {
		case 'identity': {
			return {...state, ...(event.account ? {account: event.account} : {}), region: event.region};
		}
		case 'source': {
			return {...state, sources: {...state.sources, [event.source]: {state: event.state, count: event.count, ...(event.detail ? {detail: event.detail} : {})}}};
		}
		case 'finding': {
			const findings = upsert(state.findings, event.finding);
			return {...state, findings, selectedId: state.userMoved ? state.selectedId : findings[0]?.id};
		}
		case 'warning': {
			return {...state, warnings: [...state.warnings, event.warning]};
		}
	}
}

export function selectedFinding(state: AppState): Finding | undefined {
	return state.findings.find(finding => finding.id === state.selectedId);
}

export function appReducer(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'scan-event': {
			return applyEvent(state, action.event);
		}
		case 'scan-done': {
			const findings = action.report.findings;
			const keep = state.userMoved && findings.some(finding => finding.id === state.selectedId);
			return {
				...state,
				report: action.report,
				findings,
				warnings: action.report.warnings,
				account: action.report.account ?? state.account,
				region: action.report.region,
				selectedId: keep ? state.selectedId : findings[0]?.id,
			};
		}
		case 'scan-failed': {
			return {...state, error: action.message};
		}
		case 'move': {
			if (state.findings.length === 0) return state;
			const current = Math.max(
				0,
				state.findings.findIndex(finding => finding.id === state.selectedId),
			);
			const next = Math.min(state.findings.length - 1, Math.max(0, current + action.delta));
			return {...state, selectedId: state.findings[next]!.id, userMoved: true, status: undefined};
		}
		case 'open': {
			return selectedFinding(state) ? {...state, screen: 'detail', scroll: 0, anchor: undefined, status: undefined} : state;
		}
		case 'back': {
			if (state.helpOpen) return {...state, helpOpen: false};
			if (state.screen === 'fix') return {...state, screen: 'detail', scroll: state.detailScroll, status: undefined};
			if (state.screen === 'detail') return {...state, screen: 'list', status: undefined};
			return state;
		}
		case 'toggle-help': {
			return {...state, helpOpen: !state.helpOpen};
		}
		case 'scroll': {
			return {...state, scroll: Math.min(action.maxScroll, Math.max(0, state.scroll + action.delta)), status: undefined};
		}
		case 'select-anchor': {
			return {...state, anchor: action.anchor, scroll: action.scroll, status: undefined};
		}
		case 'open-fix': {
			return {...state, screen: 'fix', fixIndex: action.fixIndex, detailScroll: state.scroll, scroll: 0, status: undefined};
		}
		case 'status': {
			return {...state, status: action.message};
		}
		case 'fix-finished': {
			// A fix that changed nothing leaves the finding as it was.
			if (!action.changed) return state;
			return {...state, fixOutcomes: {...state.fixOutcomes, [action.findingId]: action.outcome}};
		}
		case 'rescan': {
			return {...initialState, ...(state.account ? {account: state.account} : {}), ...(state.region ? {region: state.region} : {})};
		}
	}
}
