import type {FixEvent, FixReport} from '../../source/fixes/types.js';
import type {FixHost} from '../../source/session/run-fix.js';

export type RecordingHost = FixHost & {
	/** Every plan the sequence asked to confirm. */
	readonly asked: FixReport[];
	readonly events: FixEvent[];
};

/** A fix host for tests: answers the plan's question as told, and records what it was shown. */
export function recordingHost(
	options: {answer?: boolean; dryRun?: boolean; assumeYes?: boolean; shouldStop?: () => boolean; signal?: AbortSignal} = {},
): RecordingHost {
	const asked: FixReport[] = [];
	const events: FixEvent[] = [];
	return {
		asked,
		events,
		...(options.dryRun ? {dryRun: true} : {}),
		...(options.assumeYes ? {assumeYes: true} : {}),
		async confirm(plan) {
			asked.push(plan);
			return options.answer ?? true;
		},
		onEvent: event => events.push(event),
		...(options.shouldStop ? {shouldStop: options.shouldStop} : {}),
		...(options.signal ? {signal: options.signal} : {}),
	};
}
