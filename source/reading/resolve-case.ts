/**
 * Reads what a case's verdict depends on (the task definition, the image in ECR, the platform
 * the workload needs), as little as the verdict needs, and hands it to diagnosis/finding.ts.
 */
import type {AppRunnerOperation, AppRunnerService, EcsTaskDefinition, LambdaFunction} from '../ports/account.js';
import {chooseContainer, failureOf, type ContainerFacts} from '../diagnosis/containers.js';
import {previousRevisionCandidates, revisionChange, type RevisionChange} from '../diagnosis/revision-change.js';
import type {Case} from '../diagnosis/correlate.js';
import {appRunnerRuntime, lambdaRuntime, type ImageFacts} from '../diagnosis/facts.js';
import {buildFinding, incidentStatus, isActionable, replacedSinceFailure, sortEvidence, type CaseSubject} from '../diagnosis/finding.js';
import type {Finding, HostReport} from '../diagnosis/types.js';
import {decideVerdict} from '../diagnosis/verdict.js';
import type {ImageReader} from './image-reader.js';
import type {RuntimeReader} from './runtime-reader.js';
import {checkBytes} from './byte-check.js';
import type {LayerReader} from './layer-reader.js';

export type ResolveContext = {
	readonly region: string;
	readonly profile?: string;
	readonly images: ImageReader;
	readonly runtimes: RuntimeReader;
	readonly host: HostReport;
	/** Reads the bytes of the file that failed when the labels cannot explain it; absent with --no-layer-read. */
	readonly layers?: LayerReader;
	taskDefinition(arn: string | undefined): Promise<EcsTaskDefinition | undefined>;
	/** Undefined when App Runner has no such service (any more); `unreadable` says why it could not be read. */
	appRunnerService(arn: string): Promise<AppRunnerService | {readonly unreadable: string} | undefined>;
	/** Undefined when Lambda has no such function (any more); `unreadable` says why it could not be read. */
	lambdaFunction(name: string): Promise<LambdaFunction | {readonly unreadable: string} | undefined>;
	/** The App Runner service's newest operations, as the scan listed them. */
	appRunnerOperations(arn: string): readonly AppRunnerOperation[];
};

function unknownImage(raw: string, reason: string): ImageFacts {
	return {raw, platforms: [], attestationCount: 0, unknownReason: reason};
}

async function ecsSubject(item: Case, context: ResolveContext): Promise<CaseSubject> {
	const task = item.tasks[0];
	const failingDeployment = item.service?.deployments.find(deployment => deployment.rolloutState === 'FAILED' || deployment.failedTasks > 0);
	const definitionArn = task?.taskDefinitionArn ?? failingDeployment?.taskDefinition ?? item.service?.taskDefinition ?? item.workload.taskDefinition;
	const definition = await context.taskDefinition(definitionArn);
	const runtime = await context.runtimes.forEcs({
		...(definition ? {definition} : {}),
		...(task ? {task} : {}),
		...(item.workload.launchType ? {launchType: item.workload.launchType} : {}),
		...(item.service ? {clusterArn: item.service.clusterArn} : {}),
	});
	// Every container of the task, as the definition lists them and the failed task ran them.
	const names = [
		...new Set([...(definition?.containers.map(container => container.name) ?? []), ...(task?.containers.map(container => container.name) ?? [])]),
	];
	const digestSource = task ? `task ${task.id.slice(0, 8)} containers[].imageDigest` : undefined;
	const containers: ContainerFacts[] = await Promise.all(
		names.flatMap(name => {
			const declared = definition?.containers.find(container => container.name === name);
			const ran = task?.containers.find(container => container.name === name);
			const raw = ran?.image ?? declared?.image;
			if (!raw) return [];
			return [
				(async () => {
					const image = await context.images.read(raw, ran?.imageDigest ? {digest: ran.imageDigest, digestSource: digestSource!} : {});
					const {failure, why} = failureOf(item, ran, name);
					return {
						name,
						essential: declared?.essential ?? true,
						image,
						...(ran?.exitCode === undefined ? {} : {exitCode: ran.exitCode}),
						...(failure ? {failure} : {}),
						why,
					};
				})(),
			];
		}),
	);
	const judged = chooseContainer(containers, runtime.platform);
	if (!judged) {
		const reason = item.notes.length > 0 ? item.notes.join(' ') : 'The task definition of the failing task could not be read, so the image it ran is unknown.';
		return {
			image: unknownImage('unknown', reason),
			runtime: task || definition ? runtime : {source: 'the task and its task definition are unknown'},
		};
	}
	const ranDigest = Boolean(task?.containers.find(container => container.name === judged.name)?.imageDigest);
	const change = definition ? await whatChanged(definition, item, context) : undefined;
	return {image: judged.image, ranDigest, runtime, containerName: judged.name, containers, ...(definition ? {definition} : {}), ...(change ? {change} : {})};
}

/** The failing revision against the one that ran before it; undefined when none can be read or nothing differs. */
async function whatChanged(failing: EcsTaskDefinition, item: Case, context: ResolveContext): Promise<RevisionChange | undefined> {
	for (const candidate of previousRevisionCandidates(failing, item.service)) {
		const previous = await context.taskDefinition(candidate.arn);
		if (!previous) continue;
		const moved = previous.containers.filter(container => failing.containers.some(other => other.name === container.name && other.image !== container.image));
		const images = new Map(await Promise.all(moved.map(async container => [container.name, await context.images.read(container.image)] as const)));
		return revisionChange({definition: previous, source: candidate.source, images}, failing);
	}
	return undefined;
}

/**
 * What the tag names now, when that is not what the workload ran: pushed again after the failure,
 * it is the image any redeploy (and any fix) will use.
 */
async function currentTagImage(subject: CaseSubject, context: ResolveContext): Promise<ImageFacts | undefined> {
	const {image} = subject;
	if (!subject.ranDigest || !image.digest || !image.reference?.ecr || image.reference.digest) return undefined;
	// One BatchGetImage tells; the full read (config blob and all) only when the tag moved.
	const tag = await context.images.tagDigests(image.raw);
	// A task may report the platform entry of the very index the tag names: that is no move.
	if (!tag || tag.digest === image.digest || tag.entries.includes(image.digest)) return undefined;
	const now = await context.images.read(image.raw);
	return now.unknownReason || !now.digest ? undefined : now;
}

async function appRunnerSubject(item: Case, context: ResolveContext): Promise<CaseSubject> {
	const service = await context.appRunnerService(item.workload.arn);
	if (!service || 'unreadable' in service || !service.imageIdentifier) {
		const why = service && 'unreadable' in service ? ` (${service.unreadable.replace(/\.$/, '')})` : '';
		return {
			image: unknownImage('unknown', `The App Runner service ${item.workload.name} could not be described${why}, so its image is unknown.`),
			runtime: appRunnerRuntime,
		};
	}
	const image = await context.images.read(service.imageIdentifier);
	return {image, runtime: appRunnerRuntime, appRunner: service};
}

/** The image a Lambda function runs (by the digest it resolved), or the one it refused; its architecture. */
async function lambdaSubject(item: Case, context: ResolveContext): Promise<CaseSubject> {
	const lambda = await context.lambdaFunction(item.workload.name);
	if (!lambda || 'unreadable' in lambda) {
		const why = lambda && 'unreadable' in lambda ? ` (${lambda.unreadable.replace(/\.$/, '')})` : '';
		return {
			image: unknownImage('unknown', `The Lambda function ${item.workload.name} could not be read${why}, so its image is unknown.`),
			runtime: lambdaRuntime(item.lambda?.architectures ?? []),
		};
	}
	const runtime = lambdaRuntime(lambda.architectures);
	if (item.rejectedImage) {
		const image = await context.images.read(item.rejectedImage);
		return {image, runtime, lambda};
	}
	const raw = lambda.imageUri ?? lambda.resolvedImageUri;
	if (!raw) return {image: unknownImage('unknown', `Lambda names no image for ${lambda.name}.`), runtime, lambda};
	const digest = lambda.resolvedImageUri?.split('@')[1];
	const image = await context.images.read(raw, digest ? {digest, digestSource: 'function Code.ResolvedImageUri'} : {});
	return {image, ranDigest: Boolean(digest), runtime, lambda};
}

/** Reads the image and runtime of a case and decides; undefined when it is not an exec format error incident. */
export async function resolveCase(item: Case, context: ResolveContext): Promise<Finding | undefined> {
	let subject =
		item.workload.kind === 'apprunner-service'
			? await appRunnerSubject(item, context)
			: item.workload.kind === 'lambda-function'
				? await lambdaSubject(item, context)
				: await ecsSubject(item, context);
	const decided = decideVerdict({
		image: subject.image,
		runtime: subject.runtime,
		execFormat: item.execFormat,
		...(item.pullPlatform ? {pullPlatform: item.pullPlatform} : {}),
		notes: item.notes,
		...(item.workload.kind === 'lambda-function' ? {lambda: true} : {}),
		...(item.rejectedImage !== undefined ? {rejected: true} : {}),
	});
	if (decided.verdict === 'none') return undefined;
	const evidence = sortEvidence(item.evidence);
	// "Not architecture" from what a tag names now holds only if the tag still names what failed.
	const replaced =
		decided.verdict === 'not-architecture' && !subject.ranDigest
			? replacedSinceFailure(item, subject, evidence, await context.images.pushedAt(subject.image.raw))
			: undefined;
	const labelled = replaced ? {verdict: 'unknown' as const, reason: replaced} : decided;
	// The labels cannot explain it: the bytes of the file that failed can.
	const bytes =
		context.layers && (labelled.verdict === 'not-architecture' || labelled.verdict === 'unknown') && !replaced
			? await checkBytes(item, subject, context.images, context.layers)
			: undefined;
	const outcome = bytes?.finding ? {verdict: bytes.finding.verdict} : labelled;
	if (bytes) subject = {...subject, bytes};
	const status = incidentStatus(item, subject, evidence, context.appRunnerOperations(item.workload.arn));
	const tagNow = isActionable(outcome, status, replaced) ? await currentTagImage(subject, context) : undefined;
	return buildFinding({
		item,
		subject,
		outcome,
		...(replaced ? {replaced} : {}),
		status,
		...(tagNow ? {tagNow} : {}),
		evidence,
		host: context.host,
		region: context.region,
		...(context.profile ? {profile: context.profile} : {}),
	});
}
