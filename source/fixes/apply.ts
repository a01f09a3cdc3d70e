import {isAwsError} from '../errors.js';
import {StepFailure, type ExecStep, type RunContext} from './steps/step.js';
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

/**
 * Runs the steps in order, stopping at the first failure or when `shouldStop` says so (Ctrl-C
 * stops between steps). Every change made is reported, whatever happens after it.
 */
export async function applySteps(
	steps: readonly ExecStep[],
	context: RunContext,
	options: {onEvent?: (event: FixEvent) => void; shouldStop?: () => boolean} = {},
): Promise<ApplyResult> {
	const results: StepResult[] = [];
	const changes: Change[] = [];
	const emit = options.onEvent ?? (() => {});
	for (const [position, step] of steps.entries()) {
		if (options.shouldStop?.()) {
			for (const skipped of steps.slice(position))
				results.push({id: skipped.id, title: skipped.title, status: 'skipped', detail: 'not run: stopped by the user'});
			return {results, changes, interrupted: true};
		}
		const {run, ...planned} = step;
		emit({type: 'step-started', step: planned, position: position + 1, total: steps.length});
		const startedAt = new Date(context.clock.now()).toISOString();
		try {
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
			emit({type: 'step-finished', result});
			if (outcome.change) {
				const change = {step: step.id, ...outcome.change};
				changes.push(change);
				emit({type: 'change', change});
			}
		} catch (error) {
			const failure = reason(error);
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
