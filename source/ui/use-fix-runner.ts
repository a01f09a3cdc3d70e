/**
 * Runs the fixes the reducer asks for (`start-fix`), as the host of the one fix sequence: its
 * question is answered by y or esc (`answer-fix`), its progress becomes actions, and q and
 * Ctrl-C reach it through the state (`stopping`) and an abort signal (`abort-fix`).
 */
import {useRef, type RefObject} from 'react';
import type {Finding, FixId} from '../diagnosis/types.js';
import {describeFatalError} from '../errors.js';
import {refusedReport} from '../fixes/report.js';
import type {FixReport} from '../fixes/types.js';
import type {FixInputs} from '../options.js';
import type {FixHost} from '../session/run-fix.js';
import type {AppState} from './state/app-state.js';
import type {AppAction} from './state/reducer.js';

/** Applies a fix to a finding's workload with the app as the host; the app never sees the plan's internals. */
export type Fixer = (finding: Finding, fixId: FixId, host: FixHost, inputs?: FixInputs) => Promise<FixReport>;

type Run = {readonly abort: AbortController; answer?: (apply: boolean) => void};

export function useFixRunner(fixer: Fixer | undefined, state: RefObject<AppState>, dispatch: (action: AppAction) => void) {
	const runs = useRef(new Map<number, Run>());
	const isCurrent = (runId: number) => state.current.fix?.runId === runId;

	const start = (runId: number, finding: Finding, fixId: FixId, inputs?: FixInputs) => {
		if (!fixer) return;
		const run: Run = {abort: new AbortController()};
		runs.current.set(runId, run);
		let plan: FixReport | undefined;
		const host: FixHost = {
			confirm: report =>
				new Promise(resolve => {
					// Gone back before the plan was ready: declined.
					if (!isCurrent(runId)) return resolve(false);
					plan = report;
					run.answer = resolve;
					dispatch({type: 'fix-planned', runId, report});
				}),
			onEvent: event => dispatch({type: 'fix-event', runId, event}),
			shouldStop: () => isCurrent(runId) && state.current.fix!.stopping,
			signal: run.abort.signal,
		};
		fixer(finding, fixId, host, inputs)
			.catch((error: unknown): FixReport => {
				const message = describeFatalError(error);
				return plan ? {...plan, dryRun: false, outcome: 'failed', message} : refusedReport({strategy: fixId}, message);
			})
			.then(report => {
				runs.current.delete(runId);
				dispatch({type: 'fix-ended', runId, report});
			});
	};

	return {
		start,
		answer(runId: number, apply: boolean) {
			const run = runs.current.get(runId);
			run?.answer?.(apply);
			if (run) run.answer = undefined;
		},
		abort(runId: number) {
			runs.current.get(runId)?.abort.abort();
		},
	};
}
