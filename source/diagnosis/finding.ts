import {codeOf} from './codes.js';
/**
 * From a case and what was read about it to the finding a person reads: verdict, status,
 * explanation and fixes. Pure: the reading is done by source/reading/resolve-case.ts.
 */
import {formatPlatform, parsePlatform, runsOn} from '../registry/platform.js';
import type {AppRunnerOperation, AppRunnerService, EcsTaskDefinition, LambdaFunction} from '../ports/account.js';
import type {Case} from './correlate.js';
import {containerVerdict, type ContainerFacts} from './containers.js';
import {ownerOf, ownershipWarning} from './ownership.js';
import {workloadLabel} from './explain.js';
import {arnName} from './signatures.js';
import type {RevisionChange} from './revision-change.js';
import type {ByteCheck} from './binary-evidence.js';
import {explain, hypothesesFor} from './explain.js';
import type {ImageFacts, RuntimeFacts} from './facts.js';
import {suggestFixes} from '../fixes/suggest.js';
import {appRunnerStatus, ecsServiceStatus, minuteTime, newestEvidence, type StatusOutcome} from './incident-status.js';
import {execFormatErrorPath} from './signatures.js';
import type {ContainerReport, Evidence, Finding, HostReport, ImageReport, Workload} from './types.js';
import type {VerdictOutcome} from './verdict.js';

export const maxEvidence = 50;

/** What was read about a case's workload: its image, the platform it needs, and where they came from. */
export type CaseSubject = {
	readonly image: ImageFacts;
	/** The image was read by the digest a task ran, not by what its tag names now. */
	readonly ranDigest?: boolean;
	readonly runtime: RuntimeFacts;
	readonly containerName?: string;
	/** ECS: every container of the task, with its image and what the evidence says of it. */
	readonly containers?: readonly ContainerFacts[];
	/** ECS: what the failing revision changed from the one that ran before it. */
	readonly change?: RevisionChange;
	/** What the bytes of the file that failed say, when they were read. */
	readonly bytes?: ByteCheck;
	readonly definition?: EcsTaskDefinition;
	readonly appRunner?: AppRunnerService;
	readonly lambda?: LambdaFunction;
};

export function sortEvidence(evidence: readonly Evidence[]): Evidence[] {
	return [...evidence].sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

/**
 * When the image was read through its tag (App Runner records no digest; the failing task is
 * gone) and the tag was pushed after the last failure, the image that failed is not the one read:
 * why, in words; undefined when the tag still names what failed.
 */
export function replacedSinceFailure(
	item: Case,
	subject: CaseSubject,
	evidence: readonly Evidence[],
	pushedAt: Date | 'unreadable' | undefined,
): string | undefined {
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

export function incidentStatus(item: Case, subject: CaseSubject, evidence: readonly Evidence[], operations: readonly AppRunnerOperation[]): StatusOutcome {
	if (item.workload.kind === 'apprunner-service') {
		const summary = item.appRunner ?? subject.appRunner;
		return summary ? appRunnerStatus(summary, operations, evidence) : {status: 'failing', reason: 'the App Runner service could not be read'};
	}
	if (item.workload.kind === 'lambda-function') return lambdaStatus(item, subject, evidence);
	if (item.service) return ecsServiceStatus(item.service, subject.definition?.arn, item.tasks, evidence);
	return {
		status: 'failing',
		reason:
			item.workload.kind === 'ecs-task'
				? 'a standalone task is not started again by ECS, so nothing shows it ran since'
				: 'the workload could not be identified',
	};
}

/** A refused update leaves the function on the image before it; a failed init shows in each invocation. */
function lambdaStatus(item: Case, subject: CaseSubject, evidence: readonly Evidence[]): StatusOutcome {
	if (item.rejectedImage !== undefined) {
		const running = subject.lambda?.resolvedImageUri?.split('@')[1];
		return {
			status: 'rolled-back',
			reason: `Lambda refused the update, so the function still runs the image before it${running ? ` (${running.slice(0, 19)}…)` : ''}`,
		};
	}
	const newest = newestEvidence(evidence);
	const updated = subject.lambda?.lastModified;
	if (updated && updated.getTime() > newest) {
		return {
			status: 'failing',
			reason: `the function was updated at ${minuteTime(updated)}, after the last failure, and no invocation since shows whether it runs`,
		};
	}
	return {status: 'failing', reason: `its last failed invocation was at ${minuteTime(new Date(newest))}`};
}

/** A recovered workload needs no fix, and what its tag names now is history. */
export function isActionable(outcome: VerdictOutcome, status: StatusOutcome, replaced: string | undefined): boolean {
	return (
		status.status !== 'recovered' &&
		(outcome.verdict === 'architecture-mismatch' || outcome.verdict === 'platform-missing' || outcome.verdict === 'index-rejected' || replaced !== undefined)
	);
}

function bytesReport(bytes: ByteCheck): NonNullable<Finding['bytes']> {
	const {finding} = bytes;
	return {
		...(finding
			? {
					verdict: finding.verdict,
					file: finding.file,
					...(finding.interpreter ? {interpreter: finding.interpreter} : {}),
					...(finding.cause ? {cause: finding.cause} : {}),
				}
			: {}),
		...(bytes.read ?? {bytesRead: 0, layersRead: 0, layersTotal: 0}),
		...(bytes.unread ? {unread: bytes.unread} : {}),
	};
}

function containerReports(subject: CaseSubject): ContainerReport[] | undefined {
	return subject.containers?.map(container => ({
		name: container.name,
		essential: container.essential,
		image: container.image.raw,
		...(container.image.digest ? {digest: container.image.digest} : {}),
		platforms: container.image.platforms.map(formatPlatform),
		verdict: containerVerdict(container, subject.runtime.platform),
		evidence: container.why,
		...(container.image.unknownReason ? {unknownReason: container.image.unknownReason} : {}),
		judged: container.name === subject.containerName,
	}));
}

/** For a task of several containers: which one the finding is about, and why that one. */
function containersParagraph(reports: readonly ContainerReport[] | undefined): string[] {
	if (!reports || reports.length < 2) return [];
	const judged = reports.find(report => report.judged);
	if (!judged) return [];
	const why = judged.evidence.length > 0 ? `: ${judged.evidence.join('; ')}` : ', the only one whose image lacks the platform (no evidence names a container)';
	const healthy = reports.filter(report => report.verdict === 'healthy').map(report => report.name);
	return [
		`The task runs ${reports.length} containers; this finding is about ${judged.name}${why}.${healthy.length > 0 ? ` ${healthy.join(', ')} ${healthy.length === 1 ? 'is' : 'are'} healthy: ${healthy.length === 1 ? 'its image holds' : 'their images hold'} the platform.` : ''}`,
	];
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

export type FindingFacts = {
	readonly item: Case;
	readonly subject: CaseSubject;
	/** The verdict, already `unknown` when the tag was pushed over after the failure (`replaced`). */
	readonly outcome: Exclude<VerdictOutcome, {verdict: 'none'}>;
	readonly replaced?: string;
	readonly status: StatusOutcome;
	/** What the tag names now, when that is not what the workload ran. */
	readonly tagNow?: ImageFacts;
	readonly evidence: readonly Evidence[];
	readonly host: HostReport;
	readonly region: string;
	readonly profile?: string;
};

export function buildFinding(facts: FindingFacts): Finding {
	const {item, subject, outcome, replaced, status, tagNow, evidence, host} = facts;
	const {verdict} = outcome;
	const unknownReason = 'reason' in outcome ? outcome.reason : undefined;
	const needed = subject.runtime.platform;
	// Lambda refuses an index whatever it holds: only a single manifest of its architecture runs.
	const holdsNeeded = (image: ImageFacts) =>
		Boolean(needed && !(subject.lambda && image.kind === 'index') && image.platforms.some(platform => runsOn(platform, needed)));
	const redeployOnly = tagNow ? holdsNeeded(tagNow) : replaced !== undefined && holdsNeeded(subject.image);
	const entrypoint = evidence.map(entry => (entry.kind === 'log-line' ? execFormatErrorPath(entry.message) : undefined)).find(Boolean);
	const hostPlatform = parsePlatform(host.platform);
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
		host,
		...(hostPlatform ? {hostPlatform} : {}),
		...(unknownReason ? {unknownReason} : {}),
		...(entrypoint ? {entrypoint} : {}),
		...(tagNow ? {tagNow} : {}),
		...(subject.ranDigest ? {ranDigest: true} : {}),
		...(subject.bytes?.finding ? {bytes: subject.bytes.finding} : {}),
	});
	const labelLies =
		verdict === 'architecture-mismatch' && subject.bytes?.finding?.verdict === 'architecture-mismatch' && holdsNeeded(subject.image)
			? subject.bytes.finding.cause
			: undefined;
	const fixes = isActionable(outcome, status, replaced)
		? suggestFixes({
				verdict,
				workload,
				region: facts.region,
				...(facts.profile ? {profile: facts.profile} : {}),
				// Every fix acts on the tag: what it names now, not what the failing tasks ran.
				image: tagNow ?? subject.image,
				...(needed ? {needed} : {}),
				runtimeSource: subject.runtime.source,
				...(subject.containerName ? {containerName: subject.containerName} : {}),
				...(subject.containers ? {containers: subject.containers.map(container => ({name: container.name, image: container.image}))} : {}),
				...(subject.definition ? {definition: subject.definition} : {}),
				...(item.service ? {service: item.service} : {}),
				...(subject.appRunner ? {appRunner: subject.appRunner} : {}),
				...(subject.lambda ? {lambda: subject.lambda} : {}),
				containerdImageStore: host.containerdImageStore,
				here: {
					docker: host.source === 'docker-daemon',
					...(host.note ? {dockerNote: host.note} : {}),
					...(host.dockerfile !== undefined ? {dockerfile: host.dockerfile} : {}),
				},
				redeployOnly,
				...(subject.change?.droppedArchitecture ? {droppedArchitecture: subject.change.droppedArchitecture} : {}),
				...(labelLies ? {labelLies} : {}),
			})
		: [];
	const lastFailureAt = evidence.find(entry => entry.time)?.time;
	const containers = containerReports(subject);
	const ownership = ownerOf(subject.definition ?? {}) ?? (item.service ? ownerOf(item.service) : undefined);
	const several = (containers?.length ?? 0) > 1 && subject.containerName;
	const bytes = subject.bytes ? bytesReport(subject.bytes) : undefined;
	return {
		id: item.id,
		workload,
		verdict,
		code: codeOf({
			verdict,
			...(bytes?.verdict ? {bytesVerdict: bytes.verdict} : {}),
			...(subject.change?.droppedArchitecture ? {droppedArchitecture: subject.change.droppedArchitecture} : {}),
			...(containers ? {containers} : {}),
		}),
		status: status.status,
		statusReason: status.reason,
		summary: `${several ? `Container ${subject.containerName}: ` : ''}${text.summary}${subject.change ? ` What changed: ${subject.change.summary}` : ''}`,
		explanation: [
			...text.explanation,
			...containersParagraph(containers),
			...(subject.change
				? [
						`Compared with ${arnName(subject.change.previous)} (${subject.change.previousSource}): ${subject.change.differences.join('; ')}${subject.change.imageChanged ? '' : '; the image references are the same'}.`,
					]
				: []),
			...(ownership ? [ownershipWarning(ownership, `${workloadLabel(workload)}'s task definition`)] : []),
			// How the workload was found, when a log line was all there was (an unknown verdict already says it).
			...(verdict === 'unknown' ? [] : item.notes),
			...(status.status === 'recovered'
				? [`This incident is over: ${status.reason}.`]
				: status.status === 'rolled-back'
					? [`The service is up again, but not on this release: ${status.reason}.`]
					: []),
		],
		image: {...imageReport(subject.image), ...(tagNow ? {tagNow: {digest: tagNow.digest!, platforms: tagNow.platforms.map(formatPlatform)}} : {})},
		...(containers ? {containers} : {}),
		...(subject.change
			? {
					revisionChange: {
						previous: subject.change.previous,
						previousSource: subject.change.previousSource,
						differences: subject.change.differences,
						...(subject.change.droppedArchitecture ? {droppedArchitecture: subject.change.droppedArchitecture} : {}),
						imageChanged: subject.change.imageChanged,
					},
				}
			: {}),
		...(ownership ? {ownership} : {}),
		...(bytes ? {bytes} : {}),
		runtime: {...(needed ? {platform: formatPlatform(needed)} : {}), source: subject.runtime.source},
		evidence: evidence.slice(0, maxEvidence),
		evidenceCount: evidence.length,
		...(lastFailureAt ? {lastFailureAt} : {}),
		fixes,
		hypotheses: hypothesesFor(verdict, entrypoint, subject.bytes?.finding),
	};
}
