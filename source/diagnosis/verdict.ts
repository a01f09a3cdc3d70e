import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import type {ImageFacts, RuntimeFacts} from './facts.js';
import type {Verdict} from './types.js';

export type VerdictInput = {
	readonly image: ImageFacts;
	readonly runtime: RuntimeFacts;
	/** A log line or reason said `exec format error`. */
	readonly execFormat: boolean;
	/** A pull failed because an index lacked this platform. */
	readonly pullPlatform?: Platform;
	/** Notes on evidence whose workload could not be identified. */
	readonly notes?: readonly string[];
	/** A Lambda function: it takes a single-platform image only, never an index. */
	readonly lambda?: boolean;
	/** Lambda refused an update to this image. */
	readonly rejected?: boolean;
};

export type VerdictOutcome = {readonly verdict: Verdict; readonly reason?: string} | {readonly verdict: 'none'};

/**
 * The verdict follows from evidence only. `none` means the workload failed for a reason
 * that is not this tool's business: no exec format error was seen, and the image holds
 * the platform the workload needs.
 */
export function decideVerdict(input: VerdictInput): VerdictOutcome {
	const {image, runtime, execFormat, pullPlatform} = input;
	const sawSignal = execFormat || pullPlatform !== undefined || input.rejected === true;
	if (input.lambda && image.kind === 'index' && sawSignal) return {verdict: 'index-rejected'};
	if (image.unknownReason || !runtime.platform) {
		if (!sawSignal) return {verdict: 'none'};
		const reason = [
			image.unknownReason,
			runtime.platform ? undefined : `The platform the workload needs is unknown: ${runtime.source}.`,
			...(input.notes ?? []),
		]
			.filter(Boolean)
			.join(' ');
		return {verdict: 'unknown', reason};
	}
	const needed = runtime.platform;
	const holds = image.platforms.some(platform => runsOn(platform, needed));
	if (!holds) return {verdict: image.kind === 'index' ? 'platform-missing' : 'architecture-mismatch'};
	if (execFormat) return {verdict: 'not-architecture'};
	if (pullPlatform) {
		return {
			verdict: 'unknown',
			reason: `A task failed to pull the image for ${formatPlatform(pullPlatform)}, but the image found now holds ${formatPlatform(needed)}: the tag was probably pushed again after the failure. Check whether new tasks start.`,
		};
	}
	return {verdict: 'none'};
}
