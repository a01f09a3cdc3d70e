/**
 * Which container of a task failed. A task runs several: the application, a FireLens log
 * router, an agent, Envoy. "Essential container in task exited" names none of them, so the
 * failing one is found from the evidence: a log stream (`prefix/<container>/<task>`) with the
 * signature, a container reason, an exit code exec gives (1 or 255, by runc version; 137 and 143
 * are ECS stopping the rest of the task).
 */
import {runsOn, type Platform} from '../registry/platform.js';
import type {Case} from './correlate.js';
import type {ImageFacts} from './facts.js';
import {isExecFormatError, logSignature, pullPlatformFailure} from './signatures.js';
import type {Verdict} from './types.js';

/** How sure the evidence is that this container failed: its own log line or reason, or only an exit code. */
export type FailureStrength = 'signature' | 'exit-code';

export type ContainerFacts = {
	readonly name: string;
	readonly essential: boolean;
	readonly image: ImageFacts;
	readonly exitCode?: number;
	readonly failure?: FailureStrength;
	/** Why it is thought to have failed, in words. */
	readonly why: readonly string[];
};

/** Exit codes of a container whose exec failed (runc < 1.2 exits 1, ≥ 1.2 exits 255). */
const execExitCodes = new Set([1, 255]);

export type ContainerRun = {readonly name: string; readonly exitCode?: number; readonly reason?: string};

/** What the case's evidence says about one container. */
export function failureOf(item: Pick<Case, 'evidence'>, run: ContainerRun | undefined, name: string): {failure?: FailureStrength; why: string[]} {
	const why: string[] = [];
	const lines = item.evidence.filter(entry => {
		if (entry.kind !== 'log-line' || entry.containerName !== name) return false;
		const signature = logSignature(entry.message);
		return signature === 'exec-format' || signature === 'pull-platform';
	});
	if (lines.length > 0)
		why.push(
			`its log stream ${lines[0]!.logStream ?? ''} shows ${logSignature(lines[0]!.message) === 'pull-platform' ? 'a pull failure' : 'exec format error'}`.replace(
				'  ',
				' ',
			),
		);
	const reason = run?.reason;
	if (reason && (isExecFormatError(reason) || pullPlatformFailure(reason) || /CannotPullContainerError/.test(reason))) why.push(`its reason: ${reason}`);
	if (why.length > 0) return {failure: 'signature', why};
	if (run?.exitCode !== undefined && execExitCodes.has(run.exitCode)) return {failure: 'exit-code', why: [`it exited with code ${run.exitCode}`]};
	if (run?.exitCode !== undefined)
		why.push(`exit code ${run.exitCode}${run.exitCode === 137 || run.exitCode === 143 ? ' (stopped by ECS with the rest of the task)' : ''}`);
	return {why};
}

const lacks = (image: ImageFacts, needed: Platform | undefined) =>
	Boolean(needed && !image.unknownReason && !image.platforms.some(platform => runsOn(platform, needed)));

/**
 * The container to judge the task by: the one the evidence names (its own line or reason before a
 * bare exit code), and among those the one whose image lacks the platform; with no evidence, the
 * one whose image lacks it, essential ones first; else the first essential container.
 */
export function chooseContainer(containers: readonly ContainerFacts[], needed: Platform | undefined): ContainerFacts | undefined {
	for (const strength of ['signature', 'exit-code'] as const) {
		const named = containers.filter(container => container.failure === strength);
		if (named.length > 0) return named.find(container => lacks(container.image, needed)) ?? named[0];
	}
	const suspects = containers.filter(container => lacks(container.image, needed));
	return suspects.find(container => container.essential) ?? suspects[0] ?? containers.find(container => container.essential) ?? containers[0];
}

/** One container's own verdict: `healthy` when nothing says it failed and its image holds the platform. */
export function containerVerdict(container: ContainerFacts, needed: Platform | undefined): Verdict | 'healthy' {
	if (container.image.unknownReason || !needed) return 'unknown';
	if (lacks(container.image, needed)) return container.image.kind === 'index' ? 'platform-missing' : 'architecture-mismatch';
	return container.failure ? 'not-architecture' : 'healthy';
}
