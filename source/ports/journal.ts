/**
 * The fix journal: every change a fix makes and its undo, written down *before* the change, so
 * a fix killed in the middle (SIGTERM from `timeout`, a cancelled CI job, a closed terminal)
 * still leaves a way back. One JSON object per line. No secrets: no password, no token.
 */
import type {Workload} from '../diagnosis/types.js';
import type {Change, FixOutcome, PlannedStep, Strategy, UndoAction} from '../fixes/types.js';

export type JournalRecord =
	| {
			readonly type: 'fix';
			readonly version: 1;
			readonly at: string;
			readonly strategy: Strategy;
			readonly workload: Workload;
			readonly region: string;
			readonly profile?: string;
			/** The fix changed the built-in simulated account (`fix --scenario`, the demo app), not AWS. */
			readonly simulated?: boolean;
			readonly pid: number;
			readonly steps: readonly Pick<PlannedStep, 'id' | 'title' | 'mutating'>[];
	  }
	/** Written before a mutating step runs: what it is about to do, and how to take it back. */
	| {readonly type: 'intent'; readonly at: string; readonly step: string; readonly title: string; readonly display: string; readonly undo: UndoAction}
	| {readonly type: 'done'; readonly at: string; readonly step: string; readonly detail?: string; readonly change?: Change}
	| {readonly type: 'failed'; readonly at: string; readonly step: string; readonly detail: string}
	/** Cancelled part way (a signal): it may or may not have made its change. */
	| {readonly type: 'abandoned'; readonly at: string; readonly step: string; readonly detail: string}
	| {readonly type: 'end'; readonly at: string; readonly outcome: FixOutcome; readonly message: string}
	/** `execdoctor undo` records what it took back, so running it again skips that. */
	| {readonly type: 'undone'; readonly at: string; readonly step: string; readonly detail: string}
	| {readonly type: 'undo-failed'; readonly at: string; readonly step: string; readonly detail: string};

export interface Journal {
	/** Where it is on disk, to tell the user. */
	readonly path: string;
	/** Appends one record, durably (flushed to disk) before returning. */
	append(record: JournalRecord): void;
}
