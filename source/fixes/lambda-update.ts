/** Lambda applies UpdateFunctionCode in the background: this waits until it has, for a fix step and for its verification. */
import type {Clock} from '../clock.js';
import type {AccountPort, LambdaFunction} from '../ports/account.js';

export type LambdaUpdateEnd =
	| {readonly kind: 'successful'; readonly lambda: LambdaFunction}
	| {readonly kind: 'failed'; readonly reason: string}
	| {readonly kind: 'late'; readonly status: string}
	| {readonly kind: 'stopped'};

export async function waitForLambdaUpdate(
	account: AccountPort,
	name: string,
	options: {
		readonly clock: Clock;
		readonly pollMs: number;
		readonly deadline: number;
		readonly signal?: AbortSignal;
		readonly shouldStop?: () => boolean;
		readonly onLook?: (lambda: LambdaFunction) => void;
	},
): Promise<LambdaUpdateEnd> {
	for (;;) {
		const lambda = await account.getLambdaFunction(name);
		options.onLook?.(lambda);
		if (lambda.lastUpdateStatus === 'Successful') return {kind: 'successful', lambda};
		if (lambda.lastUpdateStatus === 'Failed')
			return {kind: 'failed', reason: lambda.lastUpdateStatusReason ?? lambda.lastUpdateStatusReasonCode ?? 'no reason given'};
		if (options.clock.now() > options.deadline) return {kind: 'late', status: lambda.lastUpdateStatus ?? 'unknown'};
		if (options.shouldStop?.()) return {kind: 'stopped'};
		await options.clock.sleep(options.pollMs, options.signal);
	}
}
