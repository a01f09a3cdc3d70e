import {setTimeout as wait} from 'node:timers/promises';

/**
 * Time, for code that waits: verification polls, Logs Insights polls, deadlines. Injected so
 * tests run a 15-minute verification without waiting 15 minutes.
 */
export type Clock = {
	now(): number;
	/** Resolves after `ms`; rejects with an AbortError when `signal` aborts first. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) => wait(ms, undefined, signal ? {signal} : {}),
};
