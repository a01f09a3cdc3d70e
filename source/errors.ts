/** Bad flags or arguments: one line, exit 2, nothing changed. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/** The run cannot go on (unknown cluster, no credentials, unreachable endpoint …): one line, exit 2. */
export class CannotRunError extends Error {
	override readonly name = 'CannotRunError';
}

export type AwsErrorKind =
	| 'access-denied'
	| 'throttled'
	| 'not-found'
	| 'credentials'
	| 'region'
	| 'endpoint'
	| 'invalid-input'
	| 'conflict'
	/** The scan's budget ran out while the call was waiting. */
	| 'deadline'
	| 'service';

/** An AWS call that failed, classified so the caller can decide: warn, stop, or retry. */
export class AwsError extends Error {
	override readonly name = 'AwsError';

	constructor(
		readonly kind: AwsErrorKind,
		/** The IAM action of the call, such as `logs:StartQuery`. */
		readonly action: string,
		message: string,
		/** The wire error code, such as `AccessDeniedException`. */
		readonly code?: string,
	) {
		super(message);
	}
}

export function isAwsError(error: unknown, kind?: AwsErrorKind): error is AwsError {
	return error instanceof AwsError && (kind === undefined || error.kind === kind);
}

/** The one line a person sees for an error that stops the run. */
export function describeFatalError(error: unknown): string {
	if (error instanceof UsageError || error instanceof CannotRunError) return error.message;
	if (error instanceof AwsError) return error.message;
	if (error instanceof Error) return `Unexpected error: ${error.message.split('\n')[0]}`;
	return `Unexpected error: ${String(error)}`;
}
