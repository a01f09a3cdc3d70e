import {SimError} from './errors.js';

/** Opaque tokens, as AWS's are; a forged or stale one is refused. */
export function encodeToken(offset: number, scope: string): string {
	return Buffer.from(JSON.stringify({o: offset, s: scope})).toString('base64url');
}

export function decodeToken(token: unknown, scope: string, code = 'InvalidParameterException'): number {
	if (token === undefined || token === null || token === '') return 0;
	try {
		const value = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {o: number; s: string};
		if (value.s !== scope || !Number.isInteger(value.o) || value.o < 0) throw new Error('scope');
		return value.o;
	} catch {
		throw new SimError(code, 'The specified nextToken is invalid.');
	}
}

/**
 * One page of `items`. `pageSize` is the simulator's own page size: AWS often returns
 * fewer items than `maxResults`, and callers must follow `nextToken` anyway.
 */
export function page<T>(
	items: readonly T[],
	options: {token: unknown; maxResults: unknown; defaultMax: number; limit: number; pageSize: number; scope: string; tokenError?: string},
): {items: T[]; nextToken?: string} {
	const max = options.maxResults === undefined ? options.defaultMax : Number(options.maxResults);
	if (!Number.isInteger(max) || max < 1 || max > options.limit) {
		throw new SimError('InvalidParameterException', `maxResults must be between 1 and ${options.limit}.`);
	}
	const offset = decodeToken(options.token, options.scope, options.tokenError);
	const size = Math.min(max, options.pageSize);
	const slice = items.slice(offset, offset + size);
	const next = offset + size;
	return next < items.length ? {items: slice, nextToken: encodeToken(next, options.scope)} : {items: slice};
}
