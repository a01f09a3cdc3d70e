import {wrap} from '../present/line.js';

/** A status message wraps (a URL must be readable in full); it takes at most this many rows. */
export const maxStatusRows = 3;

export function statusRows(status: string | undefined, width: number): string[] {
	return status
		? wrap(status, width)
				.slice(0, maxStatusRows)
				.map(line => line.segments[0]!.text)
		: [];
}
