/**
 * What the readers (source/reading/) learn about an account, as plain values: the rules in
 * this folder decide from these and never read anything themselves.
 */
import type {AppRunnerOperation, AppRunnerServiceSummary, EcsCluster, EcsService, EcsTask, LambdaFunctionSummary} from '../ports/account.js';
import type {ImageReference} from '../registry/image-reference.js';
import {linuxAmd64, linuxArm64, type Platform} from '../registry/platform.js';

export type ImageFacts = {
	readonly raw: string;
	readonly reference?: ImageReference;
	readonly digest?: string;
	readonly digestSource?: string;
	readonly mediaType?: string;
	readonly kind?: 'index' | 'manifest';
	readonly platforms: readonly Platform[];
	/** For an index: each runnable entry's platform and manifest digest. */
	readonly entries?: readonly {readonly platform: Platform; readonly digest: string}[];
	readonly attestationCount: number;
	readonly platformSource?: string;
	readonly unknownReason?: string;
};

export type RuntimeFacts = {readonly platform?: Platform; readonly source: string};

/** A Lambda function runs on the one architecture it names: x86_64 or arm64. */
export function lambdaRuntime(architectures: readonly string[]): RuntimeFacts {
	const architecture = architectures[0] ?? 'x86_64';
	return {
		platform: architecture === 'arm64' ? linuxArm64 : linuxAmd64,
		source: `function Architectures ${architecture}${architectures.length === 0 ? ' (the default)' : ''}`,
	};
}

export const appRunnerRuntime: RuntimeFacts = {platform: linuxAmd64, source: 'App Runner runs x86_64 only; it has no ARM64 option'};

export type EcsInventory = {
	readonly available: boolean;
	readonly clusters: readonly EcsCluster[];
	readonly services: readonly EcsService[];
	/** Every stopped task ECS still shows (about an hour), failed or not. */
	readonly stoppedTasks: readonly EcsTask[];
};

/** Image functions only: a Zip function runs on Lambda's own runtime, not on an image. */
export type LambdaInventory = {
	readonly available: boolean;
	readonly functions: readonly LambdaFunctionSummary[];
};

export type AppRunnerInventory = {
	readonly available: boolean;
	readonly services: readonly AppRunnerServiceSummary[];
	readonly operations: ReadonlyMap<string, readonly AppRunnerOperation[]>;
};

export const shortDigest = (digest: string) => `${digest.slice(0, 19)}…`;

const failedOperationStatuses = new Set(['FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED', 'ROLLBACK_IN_PROGRESS']);

export function isFailedOperation(operation: AppRunnerOperation): boolean {
	return failedOperationStatuses.has(operation.status);
}
