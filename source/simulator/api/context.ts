import type {SimAccount} from '../account.js';

export type RequestContext = {
	/** `http://127.0.0.1:port`, for URLs the simulator hands out (ECR blob downloads). */
	readonly origin: string;
	readonly now: number;
	/** The simulator's page size: small, so every caller must follow `nextToken`. */
	readonly pageSize: number;
};

// Inputs arrive as parsed JSON: handlers check what they use, as the services do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Input = Record<string, any>;

export type Handler = (account: SimAccount, input: Input, context: RequestContext) => unknown;

export const seconds = (millis: number | undefined): number | undefined => (millis === undefined ? undefined : millis / 1000);

/** Drops undefined members, as AWS omits absent fields. */
export function compact<T extends Record<string, unknown>>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
