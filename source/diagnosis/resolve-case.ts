import {formatPlatform, parsePlatform, runsOn, type Platform} from '../registry/platform.js';
import type {AppRunnerOperation, AppRunnerService, EcsContainer, EcsTaskDefinition} from './account.js';
import {appRunnerStatus, ecsServiceStatus, minuteTime, newestEvidence, type StatusOutcome} from './incident-status.js';
import type {Case} from './correlate.js';
import {explain, hypothesesFor} from './explain.js';
import {suggestFixes} from './fix-suggestions.js';
import type {ImageFacts, ImageReader} from './image-facts.js';
import {appRunnerRuntime, type RuntimeFacts, type RuntimeReader} from './runtime.js';
import {execFormatErrorPath} from './signatures.js';
import type {Evidence, Finding, HostReport, ImageReport, Workload} from './types.js';
import {decideVerdict} from './verdict.js';

export type ResolveContext = {
	readonly region: string;
	readonly profile?: string;
	readonly images: ImageReader;
	readonly runtimes: RuntimeReader;
	readonly host: HostReport;
	taskDefinition(arn: string | undefined): Promise<EcsTaskDefinition | undefined>;
	appRunnerService(arn: string): Promise<AppRunnerService | undefined>;
	/** The App Runner service's newest operations, as the scan listed them. */
	appRunnerOperations(arn: string): readonly AppRunnerOperation[];
};

export const maxEvidence = 50;

type Subject = {
	image: ImageFacts;
	/** The image was read by the digest a task ran, not by what its tag names now. */
	ranDigest?: boolean;
	runtime: RuntimeFacts;
	containerName?: string;
	definition?: EcsTaskDefinition;
	appRunner?: AppRunnerService;
};

function isFailing(container: EcsContainer): boolean {
	return (container.exitCode !== undefined && container.exitCode !== 0) || Boolean(container.reason);
}

function unknownImage(raw: string, reason: string): ImageFacts {
	return {raw, platforms: [], attestationCount: 0, unknownReason: reason};
}

async function ecsSubject(item: Case, context: ResolveContext): Promise<Subject> {
	const task = item.tasks[0];
	const failingDeployment = item.service?.deployments.find(deployment => deployment.rolloutState === 'FAILED' || deployment.failedTasks > 0);
	const definitionArn = task?.taskDefinitionArn ?? failingDeployment?.taskDefinition ?? item.service?.taskDefinition ?? item.workload.taskDefinition;
	const definition = await context.taskDefinition(definitionArn);
	const taskContainer = task
		? (task.containers.find(container => item.containers.has(container.name)) ?? task.containers.find(isFailing) ?? task.containers[0])
		: undefined;
	const definitionContainer =
		definition?.containers.find(container => container.name === taskContainer?.name || item.containers.has(container.name)) ??
		definition?.containers.find(container => container.essential);
	const containerName = taskContainer?.name ?? definitionContainer?.name;
	const raw = taskContainer?.image ?? definitionContainer?.image;
	const runtime = await context.runtimes.forEcs({
		...(definition ? {definition} : {}),
		...(task ? {task} : {}),
		...(item.workload.launchType ? {launchType: item.workload.launchType} : {}),
		...(item.service ? {clusterArn: item.service.clusterArn} : {}),
	});
	if (!raw) {
		const reason = item.notes.length > 0 ? item.notes.join(' ') : 'The task definition of the failing task could not be read, so the image it ran is unknown.';
		return {
			image: unknownImage('unknown', reason),
			runtime: task || definition ? runtime : {source: 'the task and its task definition are unknown'},
			...(containerName ? {containerName} : {}),
		};
	}
	const digestSource = task ? `task ${task.id.slice(0, 8)} containers[].imageDigest` : undefined;
	const image = await context.images.read(raw, {...(taskContainer?.imageDigest ? {digest: taskContainer.imageDigest, digestSource: digestSource!} : {})});
	return {image, ranDigest: Boolean(taskContainer?.imageDigest), runtime, ...(containerName ? {containerName} : {}), ...(definition ? {definition} : {})};
}

/**
 * What the tag names now, when that is not what the workload ran: pushed again after the failure,
 * it is the image any redeploy (and any fix) will use.
 */
async function currentTagImage(subject: Subject, context: ResolveContext): Promise<ImageFacts | undefined> {
	const {image} = subject;
	if (!subject.ranDigest || !image.digest || !image.reference?.ecr || image.reference.digest) return undefined;
	// One BatchGetImage tells; the full read (config blob and all) only when the tag moved.
	const tag = await context.images.tagDigests(image.raw);
	// A task may report the platform entry of the very index the tag names: that is no move.
	if (!tag || tag.digest === image.digest || tag.entries.includes(image.digest)) return undefined;
	const now = await context.images.read(image.raw);
	return now.unknownReason || !now.digest ? undefined : now;
}

async function appRunnerSubject(item: Case, context: ResolveContext): Promise<Subject> {
	const service = await context.appRunnerService(item.workload.arn);
	if (!service?.imageIdentifier) {
		return {
			image: unknownImage('unknown', `The App Runner service ${item.workload.name} could not be described, so its image is unknown.`),
			runtime: appRunnerRuntime,
		};
	}
	const image = await context.images.read(service.imageIdentifier);
	return {image, runtime: appRunnerRuntime, appRunner: service};
}

function imageReport(image: ImageFacts): ImageReport {
	const reference = image.reference;
	const optional = {
		repository: reference?.repository,
		registryId: reference?.ecr?.registryId,
		tag: reference?.tag,
		digest: image.digest,
		mediaType: image.mediaType,
		kind: image.kind,
		digestSource: image.digestSource,
		platformSource: image.platformSource,
		unknownReason: image.unknownReason,
	};
	return {
		reference: image.raw,
		...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
		platforms: image.platforms.map(formatPlatform),
		attestationCount: image.attestationCount,
	};
}

function sortEvidence(evidence: readonly Evidence[]): Evidence[] {
	return [...evidence].sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

/**
 * When the image was read through its tag (App Runner records no digest; the failing task is
 * gone) and the tag was pushed after the last failure, the image that failed is not the one read:
 * why, in words; undefined when the tag still names what failed.
 */
async function replacedSinceFailure(item: Case, subject: Subject, evidence: readonly Evidence[], context: ResolveContext): Promise<string | undefined> {
	const pushedAt = await context.images.pushedAt(subject.image.raw);
	if (pushedAt === undefined) return undefined;
	const tag = subject.image.reference?.tag ?? 'latest';
	const ran =
		item.workload.kind === 'apprunner-service'
			? 'App Runner records no digest of the image it ran'
			: 'the failing task is gone, so the digest it ran is not known';
	const holds = subject.image.platforms.map(formatPlatform).join(', ');
	if (pushedAt === 'unreadable') {
		return `whether the tag ${tag} was pushed again after the failure could not be read (ecr:DescribeImages), and ${ran}: the image it names now holds ${holds}, which may not be the image that failed.`;
	}
	if (pushedAt.getTime() <= newestEvidence(evidence)) return undefined;
	return `the tag ${tag} was pushed again at ${minuteTime(pushedAt)}, after the last failure, and ${ran}: the image it names now holds ${holds}, but whether the image that failed had the wrong architecture cannot be checked.`;
}

function incidentStatus(item: Case, subject: Subject, evidence: readonly Evidence[], context: ResolveContext): StatusOutcome {
	if (item.workload.kind === 'apprunner-service') {
		const summary = item.appRunner ?? subject.appRunner;
		return summary
			? appRunnerStatus(summary, context.appRunnerOperations(item.workload.arn), evidence)
			: {status: 'failing', reason: 'the App Runner service could not be read'};
	}
	if (item.service) return ecsServiceStatus(item.service, subject.definition?.arn, item.tasks, evidence);
	return {
		status: 'failing',
		reason:
			item.workload.kind === 'ecs-task'
				? 'a standalone task is not started again by ECS, so nothing shows it ran since'
				: 'the workload could not be identified',
	};
}

/** Reads the image and runtime of a case and decides; undefined when it is not an exec format error incident. */
export async function resolveCase(item: Case, context: ResolveContext): Promise<Finding | undefined> {
	const subject = item.workload.kind === 'apprunner-service' ? await appRunnerSubject(item, context) : await ecsSubject(item, context);
	const decided = decideVerdict({
		image: subject.image,
		runtime: subject.runtime,
		execFormat: item.execFormat,
		...(item.pullPlatform ? {pullPlatform: item.pullPlatform} : {}),
		notes: item.notes,
	});
	if (decided.verdict === 'none') return undefined;
	const evidence = sortEvidence(item.evidence);
	// "Not architecture" from what a tag names now holds only if the tag still names what failed.
	const replaced = decided.verdict === 'not-architecture' && !subject.ranDigest ? await replacedSinceFailure(item, subject, evidence, context) : undefined;
	const outcome = replaced ? {verdict: 'unknown' as const, reason: replaced} : decided;
	const {verdict} = outcome;
	const unknownReason = 'reason' in outcome ? outcome.reason : undefined;
	const state = incidentStatus(item, subject, evidence, context);
	// A recovered workload needs no fix, and what its tag names now is history.
	const actionable = state.status !== 'recovered' && (verdict === 'architecture-mismatch' || verdict === 'platform-missing' || replaced !== undefined);
	const tagNow = actionable ? await currentTagImage(subject, context) : undefined;
	const needed = subject.runtime.platform;
	const holdsNeeded = (facts: ImageFacts) => Boolean(needed && facts.platforms.some(platform => runsOn(platform, needed)));
	const redeployOnly = tagNow ? holdsNeeded(tagNow) : replaced !== undefined && holdsNeeded(subject.image);
	const entrypoint = evidence.map(entry => (entry.kind === 'log-line' ? execFormatErrorPath(entry.message) : undefined)).find(Boolean);
	const hostPlatform: Platform | undefined = parsePlatform(context.host.platform);
	const failingRevision = subject.definition?.arn;
	const serviceRevision = item.service?.taskDefinition;
	const workload: Workload = {
		...item.workload,
		...(failingRevision ? {taskDefinition: failingRevision} : {}),
		...(failingRevision && serviceRevision && failingRevision !== serviceRevision ? {serviceTaskDefinition: serviceRevision} : {}),
		...(subject.containerName ? {containerName: subject.containerName} : {}),
	};
	const text = explain({
		verdict,
		workload,
		image: subject.image,
		runtime: subject.runtime,
		host: context.host,
		...(hostPlatform ? {hostPlatform} : {}),
		...(unknownReason ? {unknownReason} : {}),
		...(entrypoint ? {entrypoint} : {}),
		...(tagNow ? {tagNow} : {}),
		...(subject.ranDigest ? {ranDigest: true} : {}),
	});
	const fixes = actionable
		? suggestFixes({
				verdict,
				workload,
				region: context.region,
				...(context.profile ? {profile: context.profile} : {}),
				...(subject.image.reference ? {reference: subject.image.reference} : {}),
				// Every fix acts on the tag: what it names now, not what the failing tasks ran.
				imagePlatforms: (tagNow ?? subject.image).platforms,
				redeployOnly,
				...(subject.runtime.platform ? {needed: subject.runtime.platform} : {}),
				...(subject.definition ? {definition: subject.definition} : {}),
				...(subject.appRunner
					? {
							appRunner: {
								status: subject.appRunner.status,
								...(subject.appRunner.autoDeploymentsEnabled === undefined ? {} : {autoDeploymentsEnabled: subject.appRunner.autoDeploymentsEnabled}),
							},
						}
					: {}),
				containerdImageStore: context.host.containerdImageStore,
			})
		: [];
	const lastFailureAt = evidence.find(entry => entry.time)?.time;
	return {
		id: item.id,
		workload,
		verdict,
		status: state.status,
		statusReason: state.reason,
		summary: text.summary,
		explanation: [
			...text.explanation,
			...(state.status === 'recovered'
				? [`This incident is over: ${state.reason}.`]
				: state.status === 'rolled-back'
					? [`The service is up again, but not on this release: ${state.reason}.`]
					: []),
		],
		image: {...imageReport(subject.image), ...(tagNow ? {tagNow: {digest: tagNow.digest!, platforms: tagNow.platforms.map(formatPlatform)}} : {})},
		runtime: {...(subject.runtime.platform ? {platform: formatPlatform(subject.runtime.platform)} : {}), source: subject.runtime.source},
		evidence: evidence.slice(0, maxEvidence),
		evidenceCount: evidence.length,
		...(lastFailureAt ? {lastFailureAt} : {}),
		fixes,
		hypotheses: hypothesesFor(verdict, entrypoint),
	};
}
