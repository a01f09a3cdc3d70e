import {isAwsError} from '../errors.js';
import {StepFailure, type ExecStep, type RunContext} from './steps/step.js';
import type {Journal} from '../ports/journal.js';
import type {Change, FixEvent, PlannedStep, StepResult} from './types.js';

export type ApplyResult = {
	readonly results: StepResult[];
	readonly changes: Change[];
	/** Why a step failed; the steps after it did not run. */
	readonly failure?: string;
	readonly interrupted: boolean;
};

export function plannedSteps(steps: readonly ExecStep[]): PlannedStep[] {
	return steps.map(({id, title, kind, display, shell, mutating}) => ({id, title, kind, display, shell, mutating}));
}

function reason(error: unknown): string {
	if (error instanceof StepFailure) return error.message;
	if (isAwsError(error)) return error.kind === 'access-denied' ? `Access denied: this identity may not call ${error.action}.` : error.message;
	if (error instanceof Error && error.name === 'AbortError') return 'Cancelled.';
	return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

export type ApplyStepsOptions = {
	readonly onEvent?: (event: FixEvent) => void;
	readonly shouldStop?: () => boolean;
	/** Each mutating step's intent (with its undo) before it runs, its outcome after. */
	readonly journal?: Journal;
	/** Asked once, right before the first mutating step: a reason to stop, when the workload changed since the plan. */
	readonly beforeFirstChange?: () => Promise<string | undefined>;
};

/**
 * Runs the steps in order, stopping at the first failure or when `shouldStop` says so (Ctrl-C
 * stops between steps). Every change made is reported, whatever happens after it.
 */
export async function applySteps(steps: readonly ExecStep[], context: RunContext, options: ApplyStepsOptions = {}): Promise<ApplyResult> {
	const results: StepResult[] = [];
	const changes: Change[] = [];
	const emit = options.onEvent ?? (() => {});
	const {journal} = options;
	const at = () => new Date(context.clock.now()).toISOString();
	let checked = false;
	for (const [position, step] of steps.entries()) {
		if (options.shouldStop?.()) {
			for (const skipped of steps.slice(position))
				results.push({id: skipped.id, title: skipped.title, status: 'skipped', detail: 'not run: stopped by the user'});
			return {results, changes, interrupted: true};
		}
		const {run, intent, ...planned} = step;
		emit({type: 'step-started', step: planned, position: position + 1, total: steps.length});
		const startedAt = at();
		try {
			if (step.mutating && !checked) {
				checked = true;
				// Right before the first change: has someone else acted since the plan was made?
				const changed = await options.beforeFirstChange?.();
				if (changed) throw new StepFailure(changed);
			}
			if (step.mutating) {
				const undo = intent ? await intent(context) : {kind: 'nothing' as const, reason: 'this step has no undo'};
				(context.memory.intents ??= new Map()).set(step.id, undo);
				journal?.append({type: 'intent', at: at(), step: step.id, title: step.title, display: step.display, undo});
			}
			const outcome = await run(context);
			const result: StepResult = {
				id: step.id,
				title: step.title,
				status: 'done',
				...(outcome.detail ? {detail: outcome.detail} : {}),
				startedAt,
				endedAt: new Date(context.clock.now()).toISOString(),
			};
			results.push(result);
			const change = outcome.change ? {step: step.id, ...outcome.change} : undefined;
			if (step.mutating)
				journal?.append({type: 'done', at: at(), step: step.id, ...(outcome.detail ? {detail: outcome.detail} : {}), ...(change ? {change} : {})});
			emit({type: 'step-finished', result});
			if (change) {
				changes.push(change);
				emit({type: 'change', change});
			}
		} catch (error) {
			const failure = reason(error);
			if (step.mutating && context.memory.intents?.has(step.id)) {
				// A docker push killed part way may have moved the tag already: not known to have failed.
				journal?.append({type: context.signal?.aborted ? 'abandoned' : 'failed', at: at(), step: step.id, detail: failure});
			}
			const result: StepResult = {
				id: step.id,
				title: step.title,
				status: 'failed',
				detail: failure,
				startedAt,
				endedAt: new Date(context.clock.now()).toISOString(),
			};
			results.push(result);
			emit({type: 'step-finished', result});
			for (const skipped of steps.slice(position + 1))
				results.push({id: skipped.id, title: skipped.title, status: 'skipped', detail: 'not run: an earlier step failed'});
			return {results, changes, failure, interrupted: context.signal?.aborted ?? false};
		}
	}
	return {results, changes, interrupted: false};
}
