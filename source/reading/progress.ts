import {type AwsError, isAwsError} from '../errors.js';
import type {ScanEvent, SourceName, SourceState} from '../diagnosis/events.js';
import type {Warning} from '../diagnosis/types.js';

/** Collects warnings once each and forwards every event to the listener. */
export class Progress {
	readonly warnings: Warning[] = [];
	private readonly seen = new Set<string>();

	constructor(private readonly listener: (event: ScanEvent) => void = () => {}) {}

	emit(event: ScanEvent): void {
		this.listener(event);
	}

	source(source: SourceName, state: SourceState, count: number, detail?: string): void {
		this.emit({type: 'source', source, state, count, ...(detail ? {detail} : {})});
	}

	warn(warning: Warning): void {
		const key = `${warning.code}|${warning.action ?? ''}|${warning.message}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		this.warnings.push(warning);
		this.emit({type: 'warning', warning});
	}

	/**
	 * Turns an AWS failure on a non-essential call into a warning, and returns it. Credential and
	 * region failures are not warnings: the caller must stop, so they are thrown again.
	 */
	tolerate(error: unknown, what: string): Warning {
		if (!isAwsError(error)) throw error;
		if (error.kind === 'credentials' || error.kind === 'region') throw error;
		const warning = warningFor(error, what);
		this.warn(warning);
		return warning;
	}
}

export function warningFor(error: AwsError, what: string): Warning {
	if (error.kind === 'access-denied') {
		return {code: 'access-denied', action: error.action, message: `${what} was skipped: this identity may not call ${error.action}.`};
	}
	return {code: error.kind, action: error.action, message: `${what}: ${error.message}`};
}
