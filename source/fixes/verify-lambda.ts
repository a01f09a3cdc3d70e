/**
 * Proof that a Lambda fix worked: the update settled, the function runs the architecture the
 * image is for, the digest it resolved is a single manifest of that architecture, and an
 * invocation since then ran without an init failure. Lambda is invoked by its own callers, not
 * by execdoctor (an invocation runs the user's code): until one comes, the fix is not verified.
 */
import type {AccountPort, LambdaFunction} from '../ports/account.js';
import {ImageReader} from '../reading/image-reader.js';
import {Progress} from '../reading/progress.js';
import {isExecFormatError} from '../diagnosis/signatures.js';
import {waitForLambdaUpdate} from './lambda-update.js';
import {lambdaRuntime} from '../diagnosis/facts.js';
import type {Evidence} from '../diagnosis/types.js';
import {formatPlatform, runsOn} from '../registry/platform.js';
import {shellQuote} from './shell.js';
import type {Plan} from './plan.js';
import type {FixSubject} from './subject.js';
import type {Verification, VerificationCheck} from './types.js';
import type {VerifyOptions} from './verify.js';

/** What an invocation writes: its REPORT line, and the lines of an init that failed. */
const invocationPattern = '?"REPORT RequestId" ?"exec format error" ?"Runtime.InvalidEntrypoint" ?"Status: error"';

const isFailureLine = (message: string) => isExecFormatError(message) || /Runtime\.InvalidEntrypoint|Status: error/.test(message);

async function settledFunction(account: AccountPort, name: string, options: VerifyOptions): Promise<LambdaFunction | VerificationCheck> {
	const end = await waitForLambdaUpdate(account, name, {
		clock: options.clock,
		pollMs: options.pollMs,
		deadline: options.startedAt.getTime() + options.timeoutMs,
		...(options.signal ? {signal: options.signal} : {}),
		...(options.shouldStop ? {shouldStop: options.shouldStop} : {}),
		onLook: lambda => options.onProgress?.(`function ${name}: LastUpdateStatus ${lambda.lastUpdateStatus ?? 'unknown'}`),
	});
	switch (end.kind) {
		case 'successful': {
			return end.lambda;
		}
		case 'failed': {
			return {name: 'update', ok: false, detail: `the update failed: ${end.reason}`};
		}
		case 'late': {
			return {name: 'update', ok: false, detail: `the update did not settle within ${Math.round(options.timeoutMs / 1000)} s`};
		}
		case 'stopped': {
			return {name: 'verification', ok: false, detail: 'stopped by the user before the update settled'};
		}
	}
}

async function resolvedImageCheck(account: AccountPort, lambda: LambdaFunction, plan: Plan): Promise<VerificationCheck> {
	const architecture = lambda.architectures[0] ?? 'x86_64';
	const wanted = plan.targetPlatform;
	const onArchitecture = runsOn(wanted, lambdaRuntime(lambda.architectures).platform!);
	if (!onArchitecture) return {name: 'platform', ok: false, detail: `the function runs on ${architecture}, not ${formatPlatform(wanted)}`};
	if (!lambda.resolvedImageUri) return {name: 'platform', ok: false, detail: 'GetFunction names no resolved image'};
	const image = await new ImageReader(account, new Progress()).read(lambda.resolvedImageUri);
	const single = image.kind !== 'index' && image.platforms.some(platform => runsOn(platform, wanted));
	return {
		name: 'platform',
		ok: single,
		detail: single
			? `the function runs ${lambda.resolvedImageUri.split('@')[1] ?? lambda.resolvedImageUri} on ${architecture}, a single ${formatPlatform(wanted)} image`
			: `the function resolved ${lambda.resolvedImageUri}, which is ${image.unknownReason ?? (image.kind === 'index' ? 'an index' : `for ${image.platforms.map(formatPlatform).join(', ')}`)}`,
	};
}

/** `ended`: every failing invocation has written its REPORT line, so its lines are all there. */
type Invocations = {readonly ran?: Evidence; readonly failures: Evidence[]; readonly ended: boolean};

async function invocationsSince(account: AccountPort, name: string, since: Date, until: Date): Promise<Invocations> {
	const hits = await account.filterLogEvents({logGroupName: `/aws/lambda/${name}`, filterPattern: invocationPattern, start: since, end: until});
	const evidence = hits.map((hit): Evidence => ({
		kind: 'log-line',
		time: new Date(hit.timestamp).toISOString(),
		message: hit.message,
		logGroup: hit.logGroup,
		logStream: hit.logStream,
	}));
	const failures = evidence.filter(entry => isFailureLine(entry.message));
	const failedStreams = new Set(failures.map(entry => entry.logStream));
	const ran = evidence.find(entry => entry.message.startsWith('REPORT RequestId') && !failedStreams.has(entry.logStream));
	const reported = new Set(evidence.filter(entry => entry.message.startsWith('REPORT RequestId')).map(entry => entry.logStream));
	return {...(ran ? {ran} : {}), failures, ended: [...failedStreams].every(stream => reported.has(stream))};
}

export async function verifyLambda(
	subject: FixSubject,
	plan: Plan,
	account: AccountPort,
	imageCheck: VerificationCheck,
	options: VerifyOptions,
): Promise<Verification> {
	const name = subject.lambda!.name;
	const settled = await settledFunction(account, name, options);
	if (!('arn' in settled)) {
		const status = settled.name === 'verification' ? 'stopped' : settled.detail.includes('did not settle') ? 'timed-out' : 'not-verified';
		return {status, checks: [imageCheck, settled], evidence: []};
	}
	const update: VerificationCheck = {name: 'update', ok: true, detail: 'LastUpdateStatus Successful'};
	const platform = await resolvedImageCheck(account, settled, plan);
	if (!platform.ok) return {status: 'not-verified', checks: [imageCheck, update, platform], evidence: []};
	// Invocations from before the update settled ran the old code: only later ones count.
	const since = new Date(Math.max(options.startedAt.getTime(), settled.lastModified?.getTime() ?? 0));
	const deadline = options.startedAt.getTime() + options.timeoutMs;
	const invoke = `aws lambda invoke --function-name ${shellQuote(name)} --region ${subject.region} /dev/stdout`;
	for (;;) {
		const seen = await invocationsSince(account, name, since, new Date(options.clock.now()));
		// A failing invocation is judged once it has ended: its exec line comes after its INIT_REPORT.
		if (seen.failures.length > 0 && (seen.ended || options.clock.now() > deadline)) {
			const logs: VerificationCheck = {name: 'logs', ok: false, detail: `${seen.failures.length} init failure lines since the update`};
			return {status: 'not-verified', checks: [imageCheck, update, platform, logs], evidence: seen.failures};
		}
		if (seen.ran && seen.failures.length === 0) {
			const logs: VerificationCheck = {
				name: 'logs',
				ok: true,
				detail: `an invocation at ${seen.ran.time} ran with no init failure; no exec format error since the update`,
			};
			return {status: 'verified', checks: [imageCheck, update, platform, logs], evidence: []};
		}
		options.onProgress?.(`function ${name}: waiting for an invocation since ${since.toISOString()} (to make one: ${invoke})`);
		if (options.clock.now() > deadline) {
			const logs: VerificationCheck = {
				name: 'logs',
				ok: false,
				detail: `no invocation since the update, so nothing shows it runs; invoke it to prove it (${invoke})`,
			};
			return {status: 'timed-out', checks: [imageCheck, update, platform, logs], evidence: []};
		}
		if (options.shouldStop?.()) return {status: 'stopped', checks: [imageCheck, update, platform], evidence: []};
		await options.clock.sleep(options.pollMs, options.signal);
	}
}
