import type {LiveLogLine} from '../../fixes/watch-logs.js';
import type {LogWatchState} from '../../present/fix.js';
import type {FixInputs} from '../../options.js';
/** Everything the app shows, as one value: the reducer (reducer.ts) is the only thing that changes it. */
import type {Finding, ScanReport, Warning} from '../../diagnosis/types.js';
import type {Change, FixOutcome, FixReport, StepResult} from '../../fixes/types.js';
import type {SourceName, SourceState} from '../../diagnosis/events.js';
import type {Effect} from './effects.js';

export type Screen = 'list' | 'detail' | 'fix';

export type SourceStatus = {readonly state: SourceState | 'waiting'; readonly count: number; readonly detail?: string};

/** A fix opened from the detail screen: planned (reads only), confirmed with y, applied, verified. */
export type FixFlow = {
	/** Each opening of a fix is a new run; events of an earlier one are ignored. */
	readonly runId: number;
	readonly findingId: string;
	readonly phase: 'planning' | 'refused' | 'planned' | 'applying' | 'done';
	/** The plan while planned or applying; the refusal; the final report when done. */
	readonly report?: FixReport;
	readonly results: readonly StepResult[];
	readonly changes: readonly Change[];
	readonly running?: string;
	readonly progress?: string;
	/** q or Ctrl-C while applying: stop after the current step. */
	readonly stopping: boolean;
	/** Where the fix writes every change and its undo. */
	readonly journal?: string;
	/** When it was confirmed, and when verification began: the pinned status line counts from them. */
	readonly startedAt?: number;
	readonly verifyingSince?: number;
	/** The view follows the running step until the user scrolls. */
	readonly follow?: boolean;
	/** While verifying: the new tasks' last log lines, and how they are read. */
	readonly logs?: readonly LiveLogLine[];
	readonly logWatch?: LogWatchState;
	/** The source and tag the user typed (`e`); the plan is made again with them. */
	readonly inputs?: FixInputs;
	/** `e` on a plan: the fields being typed, and the one the cursor is in. */
	readonly editing?: PlanEdit;
};

export type PlanEdit = {readonly field: 'source' | 'tag'; readonly source: string; readonly tag: string; readonly fields: readonly ('source' | 'tag')[]};

export type AppState = {
	readonly screen: Screen;
	readonly helpOpen: boolean;
	readonly size: {readonly columns: number; readonly rows: number};
	/** Fixed for the app's life: whether fixes can be applied at all, and whether this is the built-in account. */
	readonly canFix: boolean;
	readonly readOnly: boolean;
	readonly demo: boolean;
	/** How long a fix's verification may wait, when known. */
	readonly fixTimeoutMs?: number;
	readonly account?: string;
	/** After a scan of several accounts, how many. */
	readonly accounts?: number;
	readonly region?: string;
	readonly sources: Readonly<Record<SourceName, SourceStatus>>;
	/** In the order the report uses: most severe first. */
	readonly findings: readonly Finding[];
	readonly selectedId?: string;
	/** The list's `/` filter: the text, and whether keys are typing it now. */
	readonly filter?: string;
	readonly filtering?: boolean;
	/** Until the user moves, the selection follows the top row as findings arrive and re-sort. */
	readonly userMoved: boolean;
	readonly warnings: readonly Warning[];
	readonly report?: ScanReport;
	readonly error?: string;
	/** Counts scans: a new value starts one. */
	readonly scanRun: number;
	/** Detail and fix screens: first visible row and the selected command's anchor. */
	readonly scroll: number;
	/** The detail screen's scroll, restored when coming back from a fix. */
	readonly detailScroll: number;
	readonly anchor?: string;
	readonly fixIndex?: number;
	readonly fix?: FixFlow;
	readonly nextRunId: number;
	/** One line of feedback (copied, opened …), cleared by the next key. */
	readonly status?: string;
	/** A URL in the status that execdoctor made (the console's): shown whole on its own row, as an OSC 8 link. */
	readonly statusLink?: string;
	/** Fixes applied from the app since the scan, by finding: the list shows them until a rescan. */
	readonly fixOutcomes: Readonly<Record<string, FixOutcome>>;
	/** The same fixes' reports and when they ended: what the detail says happened. */
	readonly fixReports: Readonly<Record<string, {readonly report: FixReport; readonly at: string}>>;
	/** What the app must do outside the state (copy, open a URL, start a fix …), in order. */
	readonly effects: readonly Effect[];
	readonly nextEffectId: number;
};

const waiting: SourceStatus = {state: 'waiting', count: 0};

export type AppSettings = {
	readonly canFix: boolean;
	readonly readOnly: boolean;
	readonly demo: boolean;
	readonly size?: AppState['size'];
	readonly fixTimeoutMs?: number;
};

export function initialState(settings: AppSettings): AppState {
	return {
		screen: 'list',
		helpOpen: false,
		size: settings.size ?? {columns: 100, rows: 30},
		canFix: settings.canFix && !settings.readOnly,
		readOnly: settings.readOnly,
		...(settings.fixTimeoutMs ? {fixTimeoutMs: settings.fixTimeoutMs} : {}),
		demo: settings.demo,
		sources: {ecs: waiting, apprunner: waiting, lambda: waiting, logs: waiting, images: waiting},
		findings: [],
		userMoved: false,
		warnings: [],
		scanRun: 0,
		scroll: 0,
		detailScroll: 0,
		nextRunId: 1,
		fixOutcomes: {},
		fixReports: {},
		effects: [],
		nextEffectId: 1,
	};
}

/** The findings the list shows: those whose id, workload, verdict or state hold the filter's words. */
export function visibleFindings(state: Pick<AppState, 'findings' | 'filter'>): readonly Finding[] {
	const words = (state.filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return state.findings;
	return state.findings.filter(finding => {
		const text = [
			finding.id,
			finding.workload.name,
			finding.workload.cluster ?? '',
			finding.workload.kind,
			finding.verdict,
			finding.status,
			finding.region ?? '',
			finding.account ?? '',
		]
			.join(' ')
			.toLowerCase();
		return words.every(word => text.includes(word));
	});
}

export function selectedFinding(state: AppState): Finding | undefined {
	return visibleFindings(state).find(finding => finding.id === state.selectedId);
}

/** What a strategy takes besides its target: a source to pull or copy, a tag to push to. */
export function editableFields(fix: FixFlow | undefined): readonly ('source' | 'tag')[] {
	if (!fix || (fix.phase !== 'planned' && fix.phase !== 'refused')) return [];
	const strategy = fix.report?.strategy;
	if (strategy === 'repush' || strategy === 'copy-index') return ['source', 'tag'];
	return strategy === 'rebuild' ? ['tag'] : [];
}
