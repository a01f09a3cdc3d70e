import type {Clock} from '../../source/clock.js';

function aborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw Object.assign(new Error('The operation was aborted'), {name: 'AbortError'});
}

/** Time that passes only when something sleeps: a 15-minute wait takes no real time at all. */
export function virtualClock(start = Date.parse('2026-11-24T09:30:00Z')): Clock & {readonly slept: number} {
	let now = start;
	return {
		now: () => now,
		async sleep(ms, signal) {
			aborted(signal);
			now += ms;
			// Let the other work in flight run before the sleeper carries on.
			await new Promise(resolve => setImmediate(resolve));
			aborted(signal);
		},
		get slept() {
			return now - start;
		},
	};
}

/**
 * Real time, plus every sleep skipped ahead: for tests whose other side (the simulator) runs on
 * the same clock. Requests still take their real few milliseconds; waits between them take none.
 */
export function jumpingClock(start = Date.now()): Clock {
	const offset = start - Date.now();
	let skipped = 0;
	return {
		now: () => Date.now() + offset + skipped,
		async sleep(ms, signal) {
			aborted(signal);
			skipped += ms;
			await new Promise(resolve => setImmediate(resolve));
			aborted(signal);
		},
	};
}
