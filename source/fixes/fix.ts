/**
 * A fix from start to end: read the workload, plan, (dry run) show, confirm, apply step by step
 * recording every change with its undo, then verify. Read-only until confirmed.
 */
import type {AccountPort} from '../ports/account.js';
import {schemaVersion} from '../diagnosis/types.js';
import {formatPlatform} from '../registry/platform.js';
import {asSentence, plural} from '../text.js';
import {applySteps, plannedSteps} from './apply.js';
import {gatherFacts} from './facts.js';
import {buildPlan, type Plan, type PlanOptions} from './plan.js';
import type {DockerPort, FixAws} from '../ports/fix.js';
import type {RunMemory} from './steps/step.js';
import {systemClock, type Clock} from '../clock.js';
import {readSubject, type FixSubject} from './subject.js';
import type {FixEvent, FixOutcome, FixReport, FixTarget, Verification} from './types.js';
import {verifyFix} from './verify.js';
import {notRun, refusedReport} from './report.js';
import type {Journal} from '../ports/journal.js';

export type FixPorts = {readonly account: AccountPort; readonly aws: FixAws; readonly docker: DockerPort};

export type PlanRequest = PlanOptions & {
	readonly target: FixTarget;
	readonly dockerfile: boolean;
};

/** What the user is asked to confirm (and what --dry-run prints). */
export type PlannedFix = {
	readonly subject: FixSubject;
	readonly plan: Plan;
	readonly report: FixReport;
};

function planReport(request: PlanRequest, subject: FixSubject, plan: Plan, warnings: readonly string[]): FixReport {
	return {
		schemaVersion,
		command: 'fix',
		strategy: request.strategy,
		workload: subject.workload,
		dryRun: true,
		plan: {
			...(plan.source ? {source: plan.source} : {}),
			...(plan.sourceOrigin ? {sourceOrigin: plan.sourceOrigin} : {}),
			...(plan.destination ? {destination: plan.destination} : {}),
			targetPlatform: formatPlatform(plan.targetPlatform),
			steps: plannedSteps(plan.steps),
			warnings: [...warnings, ...plan.warnings],
			notes: plan.notes,
		},
		steps: [],
		changes: [],
		verification: notRun,
		outcome: 'planned',
		message: `Planned ${plural(plan.steps.length, 'step')} to run ${subject.workload.name} on ${formatPlatform(plan.targetPlatform)}; nothing was changed.`,
	};
}

/** Reads and plans; changes nothing. */
export async function planFix(request: PlanRequest, ports: FixPorts): Promise<PlannedFix | FixReport> {
	const subject = await readSubject(ports.account, request.target);
	const {facts, warnings} = await gatherFacts(subject, request, ports, request.dockerfile);
	const outcome = buildPlan(subject, request, facts);
	if ('refusal' in outcome) return refusedReport(request, outcome.refusal, subject);
	return {subject, plan: outcome.plan, report: planReport(request, subject, outcome.plan, warnings)};
}

export type ApplyOptions = {
	readonly timeoutMs: number;
	readonly pollMs: number;
	readonly onEvent?: (event: FixEvent) => void;
	/** Ctrl-C: stop between steps. */
	readonly shouldStop?: () => boolean;
	/** A second Ctrl-C: cancel the running step (a docker pull) and the verification wait. */
	readonly signal?: AbortSignal;
	/** How the waits wait; the system clock unless a test makes time pass faster. */
	readonly clock?: Clock;
	/** Every mutating step's intent and outcome, and how the fix ended. */
	readonly journal?: Journal;
	/** Right before the first change: a reason to stop when the workload changed since the plan. */
	readonly beforeFirstChange?: () => Promise<string | undefined>;
	/** Who stopped the fix, when it stopped: "the user", "SIGTERM". */
	readonly stoppedBy?: () => string;
};

export function exitCodeFor(outcome: FixOutcome, changed: boolean): number {
	switch (outcome) {
		case 'planned':
		case 'verified': {
			return 0;
		}
		case 'applied-unverified': {
			return 1;
		}
		case 'interrupted': {
			return changed ? 1 : 2;
		}
		default: {
			return 2;
		}
	}
}

/** Applies a planned fix and verifies it; the journal, if any, gets how it ended. */
export async function applyFix(planned: PlannedFix, ports: FixPorts, options: ApplyOptions): Promise<FixReport> {
	const report = await applyAndVerify(planned, ports, options);
	const {journal} = options;
	if (!journal) return report;
	journal.append({type: 'end', at: new Date((options.clock ?? systemClock).now()).toISOString(), outcome: report.outcome, message: report.message});
	return {...report, journal: journal.path};
}

async function applyAndVerify(planned: PlannedFix, ports: FixPorts, options: ApplyOptions): Promise<FixReport> {
	const clock = options.clock ?? systemClock;
	const startedAt = new Date(clock.now());
	const memory: RunMemory = {};
	const appRunner = planned.subject.appRunner;
	if (appRunner) {
		// Read before anything changes: a deployment not in this list was started by the fix.
		const operations = await ports.account.listAppRunnerOperations(appRunner.arn, 20).catch(() => undefined);
		if (operations) memory.knownOperations = new Set(operations.map(operation => operation.id));
	}
	const waitMs = Math.min(120_000, options.timeoutMs / 2);
	const context = {
		aws: ports.aws,
		account: ports.account,
		docker: ports.docker,
		memory,
		clock,
		pollMs: options.pollMs,
		waitMs,
		...(options.signal ? {signal: options.signal} : {}),
	};
	const applied = await applySteps(planned.plan.steps, context, {
		...(options.onEvent ? {onEvent: options.onEvent} : {}),
		...(options.shouldStop ? {shouldStop: options.shouldStop} : {}),
		...(options.journal ? {journal: options.journal} : {}),
		...(options.beforeFirstChange ? {beforeFirstChange: options.beforeFirstChange} : {}),
	});
	const base = {...planned.report, dryRun: false, steps: applied.results, changes: applied.changes};
	const changed = applied.changes.length > 0;
	const undoNote = changed
		? ` Changes made: ${applied.changes.map(change => change.description).join('; ')}. Their undo commands are listed.`
		: ' Nothing was changed.';
	if (applied.interrupted) {
		return {...base, verification: notRun, outcome: 'interrupted', message: `Stopped by ${options.stoppedBy?.() ?? 'the user'}.${undoNote}`};
	}
	if (applied.failure) {
		return {...base, verification: notRun, outcome: changed ? 'applied-unverified' : 'failed', message: `${asSentence(applied.failure)}${undoNote}`};
	}
	options.onEvent?.({type: 'verify-progress', message: 'verifying: reading the image again and watching the deployment'});
	let verification: Verification;
	try {
		verification = await verifyFix(planned.subject, planned.plan, memory, ports.account, {
			timeoutMs: options.timeoutMs,
			pollMs: options.pollMs,
			startedAt,
			clock,
			...(options.signal ? {signal: options.signal} : {}),
			...(options.shouldStop ? {shouldStop: options.shouldStop} : {}),
			onProgress: message => options.onEvent?.({type: 'verify-progress', message}),
			...(options.onEvent ? {onLog: options.onEvent} : {}),
		});
	} catch (error) {
		const reason =
			error instanceof Error && error.name === 'AbortError'
				? 'Verification was cancelled.'
				: `Verification could not finish: ${error instanceof Error ? error.message : String(error)}`;
		return {
			...base,
			verification: {status: 'not-verified', checks: [{name: 'verification', ok: false, detail: reason}], evidence: []},
			outcome: 'applied-unverified',
			message: `${reason}${undoNote}`,
		};
	}
	const target = formatPlatform(planned.plan.targetPlatform);
	if (verification.status === 'stopped') {
		return {
			...base,
			verification,
			outcome: 'interrupted',
			message: `Stopped by ${options.stoppedBy?.() ?? 'the user'} before the verification ended: nothing is undone by stopping.${undoNote}`,
		};
	}
	if (verification.status === 'verified') {
		return {
			...base,
			verification,
			outcome: 'verified',
			message: `Verified: ${planned.subject.workload.name} runs on ${target} and no new exec format error was logged.`,
		};
	}
	const failed = verification.checks.filter(check => !check.ok).map(check => check.detail);
	return {...base, verification, outcome: 'applied-unverified', message: `Applied, but not verified: ${failed.join('; ')}.${undoNote}`};
}
