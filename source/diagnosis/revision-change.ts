/**
 * What changed between the revision that last ran and the one that fails. Deploy tools often
 * register a revision that drops `runtimePlatform` (a CDK construct, a Terraform module, an
 * ecs-deploy run, hand-edited JSON): the image did not change, the revision did.
 */
import type {EcsTaskDefinition} from '../ports/account.js';
import {formatPlatform} from '../registry/platform.js';
import type {ImageFacts} from './facts.js';
import {arnName} from './signatures.js';

export type RevisionChange = {
	/** The revision compared with, and why that one. */
	readonly previous: string;
	readonly previousSource: string;
	readonly failing: string;
	readonly differences: readonly string[];
	/** `runtimePlatform.cpuArchitecture` the previous revision had and the failing one lost. */
	readonly droppedArchitecture?: string;
	readonly imageChanged: boolean;
	/** One sentence for the summary, after "What changed:". */
	readonly summary: string;
};

/** `orders/api:2.3` for an ECR image: the registry host says nothing new here. */
const short = (image: string) => image.replace(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//, '');

const platforms = (image: ImageFacts | undefined) =>
	image && !image.unknownReason ? image.platforms.map(formatPlatform).join(', ') || 'no platform' : undefined;

export function revisionChange(
	previous: {readonly definition: EcsTaskDefinition; readonly source: string; readonly images: ReadonlyMap<string, ImageFacts>},
	failing: EcsTaskDefinition,
): RevisionChange | undefined {
	const before = previous.definition;
	const was = arnName(before.arn);
	const now = arnName(failing.arn);
	const differences: string[] = [];
	let droppedArchitecture: string | undefined;
	if (before.cpuArchitecture !== failing.cpuArchitecture) {
		if (before.cpuArchitecture && !failing.cpuArchitecture) {
			droppedArchitecture = before.cpuArchitecture;
			differences.push(`${now} dropped the runtimePlatform ${before.cpuArchitecture} that ${was} had`);
		} else if (!before.cpuArchitecture) differences.push(`${now} added runtimePlatform ${failing.cpuArchitecture}, which ${was} did not have`);
		else differences.push(`${now} changed runtimePlatform from ${before.cpuArchitecture} to ${failing.cpuArchitecture}`);
	}
	const compatibilities = (definition: EcsTaskDefinition) => [...definition.requiresCompatibilities].sort().join(', ') || 'none';
	if (compatibilities(before) !== compatibilities(failing))
		differences.push(`${now} requires ${compatibilities(failing)} where ${was} required ${compatibilities(before)}`);
	let imageChanged = false;
	for (const container of failing.containers) {
		const old = before.containers.find(candidate => candidate.name === container.name);
		if (!old) {
			imageChanged = true;
			differences.push(`${now} adds container ${container.name} (${short(container.image)})`);
		} else if (old.image !== container.image) {
			imageChanged = true;
			const held = platforms(previous.images.get(container.name));
			differences.push(
				`container ${container.name}'s image changed from ${short(old.image)} to ${short(container.image)}${held ? ` (the old one holds ${held})` : ''}`,
			);
		}
	}
	for (const container of before.containers) {
		if (!failing.containers.some(candidate => candidate.name === container.name)) differences.push(`${now} removes container ${container.name}`);
	}
	if (differences.length === 0) return undefined;
	const summary = `${differences[0]!}${differences.length > 1 ? ` (and ${differences.length - 1} more change${differences.length > 2 ? 's' : ''})` : ''}${imageChanged ? '' : '; the image did not change'}.`;
	return {
		previous: before.arn,
		previousSource: previous.source,
		failing: failing.arn,
		differences,
		...(droppedArchitecture ? {droppedArchitecture} : {}),
		imageChanged,
		summary,
	};
}

/** The revision that last ran before the failing one: the one the service rolled back to, another deployment's, else the previous number. */
export function previousRevisionCandidates(
	failing: EcsTaskDefinition,
	service: {readonly taskDefinition: string; readonly deployments: readonly {readonly taskDefinition: string}[]} | undefined,
): {readonly arn: string; readonly source: string}[] {
	const candidates: {arn: string; source: string}[] = [];
	// Only older revisions: a newer one running means someone deployed since, not what ran before.
	const sameFamily = (arn: string) => {
		const [family, revision] = arnName(arn).split(':');
		return family === failing.family && Number(revision) < failing.revision;
	};
	if (service && sameFamily(service.taskDefinition)) candidates.push({arn: service.taskDefinition, source: 'the revision the service runs now'});
	for (const deployment of service?.deployments ?? []) {
		if (sameFamily(deployment.taskDefinition) && !candidates.some(candidate => candidate.arn === deployment.taskDefinition))
			candidates.push({arn: deployment.taskDefinition, source: 'another of the service’s deployments'});
	}
	if (failing.revision > 1) candidates.push({arn: `${failing.family}:${failing.revision - 1}`, source: 'the revision before it'});
	return candidates;
}
