/**
 * `execdoctor undo`: a fix journal's changes taken back, the latest first, each recorded in the
 * same journal as it is done, so an undo cut off too can be run again and goes on where it was.
 */
import {schemaVersion} from '../diagnosis/types.js';
import {plannedSteps} from '../fixes/apply.js';
import {StepFailure} from '../fixes/steps/step.js';
import type {PlannedStep, StepResult, UndoOutcome, UndoReport} from '../fixes/types.js';
import {undoPlan} from '../fixes/undo.js';
import {openFileJournal} from '../journal/file-journal.js';
import {readJournal} from '../journal/read.js';
import {isAwsError} from '../errors.js';
import type {Session} from './session.js';

export type UndoHost = {
	readonly dryRun?: boolean;
	readonly assumeYes?: boolean;
	confirm(report: UndoReport): Promise<boolean>;
	onStep?(step: PlannedStep, position: number, total: number): void;
};

export function undoExitCode(outcome: UndoOutcome): number {
	return outcome === 'undone' || outcome === 'planned' || outcome === 'nothing-to-undo' ? 0 : outcome === 'partly-undone' ? 1 : 2;
}

function reason(error: unknown): string {
	if (error instanceof StepFailure || isAwsError(error)) return error.message;
	return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

export async function runUndo(file: string, session: Session, host: UndoHost): Promise<UndoReport> {
	const records = readJournal(file);
	const plan = undoPlan(records, session.profile ? {profile: session.profile} : {});
	const base = {schemaVersion, command: 'undo' as const, journal: file, workload: plan.workload, steps: plannedSteps(plan.steps), notes: plan.notes};
	if (plan.steps.length === 0) {
		return {...base, dryRun: Boolean(host.dryRun), results: [], outcome: 'nothing-to-undo', message: 'Nothing in this journal is left to take back.'};
	}
	const planned: UndoReport = {
		...base,
		dryRun: true,
		results: [],
		outcome: 'planned',
		message: `${plan.steps.length} changes to take back; nothing was changed yet.`,
	};
	if (host.dryRun) return planned;
	if (!host.assumeYes && !(await host.confirm(planned))) return {...planned, dryRun: false, outcome: 'refused', message: 'Not confirmed: nothing was changed.'};
	const {fix: ports} = await session.connect();
	const lock = session.journals.lock(plan.workload.arn, file);
	const journal = openFileJournal(file);
	const at = () => new Date(session.clock.now()).toISOString();
	const results: StepResult[] = [];
	const context = {...ports, memory: {}, clock: session.clock, pollMs: session.fixTiming.pollMs, waitMs: 0};
	try {
		for (const [position, step] of plan.steps.entries()) {
			host.onStep?.(base.steps[position]!, position + 1, plan.steps.length);
			try {
				const outcome = await step.run(context);
				journal.append({type: 'undone', at: at(), step: step.undoes, detail: outcome.detail ?? step.title});
				results.push({id: step.id, title: step.title, status: 'done', ...(outcome.detail ? {detail: outcome.detail} : {})});
			} catch (error) {
				const detail = reason(error);
				journal.append({type: 'undo-failed', at: at(), step: step.undoes, detail});
				results.push({id: step.id, title: step.title, status: 'failed', detail});
				for (const skipped of plan.steps.slice(position + 1))
					results.push({id: skipped.id, title: skipped.title, status: 'skipped', detail: 'not run: an earlier step failed'});
				const outcome: UndoOutcome = position > 0 ? 'partly-undone' : 'failed';
				return {...base, dryRun: false, results, outcome, message: `${detail} Running execdoctor undo again goes on from there.`};
			}
		}
	} finally {
		lock.release();
	}
	return {...base, dryRun: false, results, outcome: 'undone', message: `Took back ${plan.steps.length} changes from ${file}.`};
}
