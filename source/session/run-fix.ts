/**
 * The one fix sequence: plan (reads only) → refuse a guessed source under --yes → ask the host
 * → apply with progress, stop and abort → report. The CLI (--dry-run, --yes, a [y/N] prompt)
 * and the app (y, esc) are two hosts of it, as aws-cdk's toolkit asks its IIoHost questions
 * whose default answers stand in when nobody can be asked.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {applyFix, planFix} from '../fixes/fix.js';
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

export function hasDockerfile(cwd: string): boolean {
	return existsSync(path.join(cwd, 'Dockerfile'));
}

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
	return applyFix(planned, ports, {
		timeoutMs: request.timeoutMs ?? session.fixTiming.timeoutMs,
		pollMs: session.fixTiming.pollMs,
		clock: session.clock,
		...(host.onEvent ? {onEvent: event => host.onEvent!(event)} : {}),
		...(host.shouldStop ? {shouldStop: () => host.shouldStop!()} : {}),
		...(host.signal ? {signal: host.signal} : {}),
	});
}
