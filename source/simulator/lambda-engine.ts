/**
 * Lambda functions deployed from container images, played lazily like the ECS scheduler: each
 * scheduled invocation runs the image the function resolved on its architecture and writes what
 * Lambda writes to /aws/lambda/<name>. Lambda takes a single-platform manifest only: an index
 * (multi-platform, or a one-platform build with a provenance attestation) fails the update.
 */
import {parseManifest} from '../registry/manifest.js';
import {makePlatform} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import {SimError} from './errors.js';
import {runImage} from './image-runtime.js';
import type {Millis, SimLambdaFunction} from './model.js';

export const lambdaLogGroup = (name: string) => `/aws/lambda/${name}`;

const platformOf = (architecture: 'x86_64' | 'arm64') => makePlatform('linux', architecture === 'arm64' ? 'arm64' : 'amd64');

/** `repo@sha256:…` for what a URI names now; undefined when ECR has no such image. */
function resolve(account: SimAccount, imageUri: string): {resolved: string; index: boolean} | undefined {
	const found = account.lookupImage(imageUri);
	if (!found) return undefined;
	const repository = imageUri.split('@')[0]!.replace(/:[^/:]+$/, '');
	const parsed = parseManifest(found.manifest.body, found.manifest.mediaType);
	return {resolved: `${repository}@${found.manifest.digest}`, index: parsed.kind === 'index'};
}

export function unsupportedImageMessage(imageUri: string): string {
	return `The image manifest, config or layer media type for the source image ${imageUri} is not supported.`;
}

export type LambdaInput = {
	readonly name: string;
	readonly imageUri: string;
	readonly architecture?: 'x86_64' | 'arm64';
	readonly invokeEveryMs?: Millis;
	readonly createdAt?: Millis;
};

export function createLambdaFunction(account: SimAccount, input: LambdaInput): SimLambdaFunction {
	const at = input.createdAt ?? account.now();
	const image = resolve(account, input.imageUri);
	if (!image) throw new SimError('InvalidParameterValueException', `Source image ${input.imageUri} does not exist. Provide a valid source image.`);
	if (image.index) throw new SimError('InvalidParameterValueException', unsupportedImageMessage(input.imageUri));
	account.createLogGroup(lambdaLogGroup(input.name), at);
	const lambda: SimLambdaFunction = {
		name: input.name,
		arn: account.arn('lambda', `function:${input.name}`),
		architectures: [input.architecture ?? 'x86_64'],
		imageUri: input.imageUri,
		resolvedImageUri: image.resolved,
		role: `arn:aws:iam::${account.accountId}:role/${input.name}-role`,
		memorySize: 512,
		timeout: 30,
		lastModified: at,
		lastUpdateStatus: 'Successful',
		...(input.invokeEveryMs ? {invokeEveryMs: input.invokeEveryMs} : {}),
		invokedUntil: at,
		createdAt: at,
	};
	account.lambdaFunctions.set(input.name, lambda);
	return lambda;
}

/** A Zip function on a managed runtime: listed by ListFunctions, with nothing for execdoctor to read. */
export function createZipFunction(account: SimAccount, name: string, at: Millis): SimLambdaFunction {
	account.createLogGroup(lambdaLogGroup(name), at);
	const lambda: SimLambdaFunction = {
		name,
		arn: account.arn('lambda', `function:${name}`),
		zipRuntime: 'python3.12',
		architectures: ['x86_64'],
		imageUri: '',
		resolvedImageUri: '',
		role: `arn:aws:iam::${account.accountId}:role/${name}-role`,
		memorySize: 256,
		timeout: 15,
		lastModified: at,
		lastUpdateStatus: 'Successful',
		invokedUntil: at,
		createdAt: at,
	};
	account.lambdaFunctions.set(name, lambda);
	return lambda;
}

/** UpdateFunctionCode: accepted at once, settled a few seconds later (Successful, or Failed with the reason). */
export function updateLambdaCode(
	account: SimAccount,
	lambda: SimLambdaFunction,
	imageUri: string,
	architectures: ('x86_64' | 'arm64')[] | undefined,
	at: Millis,
): void {
	settle(lambda, at);
	if (lambda.lastUpdateStatus === 'InProgress') {
		throw new SimError(
			'ResourceConflictException',
			`The operation cannot be performed at this time. An update is in progress for resource: ${lambda.arn}`,
			409,
		);
	}
	const image = resolve(account, imageUri);
	if (!image) throw new SimError('InvalidParameterValueException', `Source image ${imageUri} does not exist. Provide a valid source image.`);
	lambda.lastUpdateStatus = 'InProgress';
	delete lambda.lastUpdateStatusReason;
	delete lambda.lastUpdateStatusReasonCode;
	lambda.lastModified = at;
	lambda.pendingUpdate = {
		endsAt: at + account.timing.lambdaUpdateMs,
		imageUri,
		...(image.index ? {failure: unsupportedImageMessage(imageUri)} : {resolvedImageUri: image.resolved}),
		architectures: architectures ?? lambda.architectures,
	};
}

/** Applies an update whose time has come. */
function settle(lambda: SimLambdaFunction, now: Millis): void {
	const update = lambda.pendingUpdate;
	if (!update || update.endsAt > now) return;
	delete lambda.pendingUpdate;
	if (update.failure) {
		lambda.lastUpdateStatus = 'Failed';
		lambda.lastUpdateStatusReason = update.failure;
		lambda.lastUpdateStatusReasonCode = 'InvalidImage';
		return;
	}
	lambda.imageUri = update.imageUri;
	lambda.resolvedImageUri = update.resolvedImageUri!;
	lambda.architectures = update.architectures;
	lambda.lastUpdateStatus = 'Successful';
}

/** One invocation: the runtime starts the image's entrypoint, as Lambda's init phase does. */
function invoke(account: SimAccount, lambda: SimLambdaFunction, at: Millis): void {
	const outcome = runImage(account, lambda.resolvedImageUri, lambda.resolvedImageUri.split('@')[1], platformOf(lambda.architectures[0]!));
	const group = lambdaLogGroup(lambda.name);
	const day = new Date(at).toISOString().slice(0, 10).replace(/-/g, '/');
	const stream = `${day}/[$LATEST]${account.newId()}`;
	const request = account.newUuid();
	const put = (offset: number, message: string) => account.putLogEvent(group, stream, at + offset, message);
	if (outcome.kind === 'runs') {
		put(0, `START RequestId: ${request} Version: $LATEST`);
		put(40, `END RequestId: ${request}`);
		put(41, `REPORT RequestId: ${request}\tDuration: 38.12 ms\tBilled Duration: 39 ms\tMemory Size: ${lambda.memorySize} MB\tMax Memory Used: 71 MB`);
		return;
	}
	const failure =
		outcome.kind === 'exec-format-error' ? `fork/exec ${outcome.path}: exec format error` : `fork/exec /lambda-entrypoint.sh: no such file or directory`;
	put(0, 'INIT_REPORT Init Duration: 1.49 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint');
	put(2, 'INIT_REPORT Init Duration: 0.68 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.InvalidEntrypoint');
	put(3, `START RequestId: ${request} Version: $LATEST`);
	put(4, `RequestId: ${request} Error: ${failure}`);
	put(5, 'Runtime.InvalidEntrypoint');
	put(6, `END RequestId: ${request}`);
	put(7, `REPORT RequestId: ${request}\tDuration: 21.31 ms\tBilled Duration: 22 ms\tMemory Size: ${lambda.memorySize} MB\tMax Memory Used: 3 MB`);
}

/** Plays updates and scheduled invocations up to `now`. */
function advanceFunction(account: SimAccount, lambda: SimLambdaFunction, now: Millis): void {
	const every = lambda.invokeEveryMs && lambda.invokeEveryMs / account.timing.invocationSpeedup;
	if (!every) {
		settle(lambda, now);
		return;
	}
	for (let at = lambda.invokedUntil + every; at <= now; at += every) {
		settle(lambda, at);
		invoke(account, lambda, at);
		lambda.invokedUntil = at;
	}
	settle(lambda, now);
}

export function installLambdaEngine(account: SimAccount): void {
	account.advanceHooks.push(now => {
		for (const lambda of account.lambdaFunctions.values()) advanceFunction(account, lambda, now);
	});
}
