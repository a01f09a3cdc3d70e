import {hasDockerfile} from './dockerfile.js';
/**
 * The one fix sequence: plan (reads only) → refuse a guessed source under --yes → ask the host
 * → apply with progress, stop and abort → report. The CLI (--dry-run, --yes, a [y/N] prompt)
 * and the app (y, esc) are two hosts of it, as aws-cdk's toolkit asks its IIoHost questions
 * whose default answers stand in when nobody can be asked.
 */
import {applyFix, planFix} from '../fixes/fix.js';
import {changedSince, readSubject} from '../fixes/subject.js';
import type {Lock} from '../journal/lock.js';
import {refusedReport} from '../fixes/report.js';
import type {FixEvent, FixReport, FixTarget, Strategy} from '../fixes/types.js';
import type {Session} from './session.js';

export type FixRequest = {
	readonly strategy: Strategy;
	readonly target: FixTarget;
	readonly source?: string;
	readonly tag?: string;
	/** Where a rebuild finds its Dockerfile. */
	readonly cwd: string;
	/** How long verification may wait; the session's default otherwise. */
	readonly timeoutMs?: number;
};

export type FixHost = {
	/** Show the plan and change nothing (--dry-run). */
	readonly dryRun?: boolean;
	/** Nobody is asked (--yes): a plan built on a guessed source is refused instead. */
	readonly assumeYes?: boolean;
	/** Shows the plan and asks whether to apply it; false changes nothing. */
	confirm(plan: FixReport): Promise<boolean>;
	onEvent?(event: FixEvent): void;
	/** Asked between steps and at each verification look: stop there. */
	shouldStop?(): boolean;
	/** Cancels the running step and the verification wait. */
	readonly signal?: AbortSignal;
};

export {hasDockerfile};

/** Signals that end a fix from outside: `timeout`, a cancelled CI job, a closed terminal. */
const endingSignals = ['SIGTERM', 'SIGHUP'] as const;

/** How long after such a signal the process may still finish the step it is in, before it exits anyway. */
export const signalGraceMs = 20_000;

export async function runFix(request: FixRequest, session: Session, host: FixHost): Promise<FixReport> {
	const {fix: ports} = await session.connect();
	const now = new Date(session.clock.now());
	const planned = await planFix({...request, now, dockerfile: hasDockerfile(request.cwd), ...(session.profile ? {profile: session.profile} : {})}, ports);
	if (!('subject' in planned)) return planned;
	if (host.dryRun) return planned.report;
	const {plan, report, subject} = planned;
	if (plan.sourceOrigin === 'guess' && host.assumeYes) {
		const message = `The source ${plan.source} is only a guess from the repository name: nothing was changed. Confirm it with --source ${plan.source}, or name the image the ECR copy came from.`;
		return {...refusedReport(request, message, subject), plan: report.plan!};
	}
	if (!host.assumeYes && !(await host.confirm(report))) return refusedReport(request, 'Not confirmed: nothing was changed.', subject);

	const journal = session.journals.create(subject.workload, new Date(session.clock.now()));
	let lock: Lock;
	try {
		lock = session.journals.lock(subject.workload.arn, journal.path);
	} catch (error) {
		session.journals.discard(journal);
		throw error;
	}
	journal.append({
		type: 'fix',
		version: 1,
		at: new Date(session.clock.now()).toISOString(),
		strategy: request.strategy,
		workload: subject.workload,
		region: subject.region,
		...(session.profile ? {profile: session.profile} : {}),
		...(session.builtIn ? {simulated: true} : {}),
		pid: process.pid,
		steps: plan.steps.map(({id, title, mutating}) => ({id, title, mutating})),
	});
	host.onEvent?.({type: 'journal', path: journal.path});

	// TERM and HUP: stop after the step running now (a docker step is abandoned), keep the journal.
	const abort = new AbortController();
	let signalled: string | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signalled) return;
		signalled = signal;
		abort.abort();
		host.onEvent?.({type: 'signal', signal, journal: journal.path});
		setTimeout(() => process.exit(128 + (signal === 'SIGHUP' ? 1 : 15)), signalGraceMs).unref();
	};
	for (const signal of endingSignals) process.on(signal, onSignal);
	const signal = host.signal ? AbortSignal.any([host.signal, abort.signal]) : abort.signal;
	try {
		return await applyFix(planned, ports, {
			timeoutMs: request.timeoutMs ?? session.fixTiming.timeoutMs,
			pollMs: session.fixTiming.pollMs,
			clock: session.clock,
			journal,
			signal,
			shouldStop: () => signalled !== undefined || (host.shouldStop?.() ?? false),
			stoppedBy: () => signalled ?? 'the user',
			...(host.onEvent ? {onEvent: event => host.onEvent!(event)} : {}),
			beforeFirstChange: async () => {
				const changed = changedSince(subject, await readSubject(ports.account, request.target));
				return changed.length > 0 ? `${subject.workload.name} changed since the plan: ${changed.join('; ')}: plan it again.` : undefined;
			},
		});
	} finally {
		for (const ending of endingSignals) process.off(ending, onSignal);
		lock.release();
	}
}
