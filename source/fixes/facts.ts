import type {AccountPort} from '../ports/account.js';
import {isAwsError} from '../errors.js';
import type {TagMutability} from '../registry/tag-mutability.js';
import type {PlanFacts, PlanOptions} from './plan.js';
import type {DockerPort, FixAws} from '../ports/fix.js';
import type {FixSubject} from './subject.js';

/**
 * The local Docker may know where the ECR image came from: the digest it was pulled by (that very
 * version, even if its tag has moved on since, so a fix does not upgrade the application in the
 * middle of an incident), else another tag on the same image.
 */
async function localSource(docker: DockerPort, image: string): Promise<string | undefined> {
	const result = await docker.run(['image', 'inspect', '--format', '{{json .}}', image]);
	if (result.exitCode !== 0) return undefined;
	try {
		const details = JSON.parse(result.stdout) as {RepoTags?: string[]; RepoDigests?: string[]};
		const outsideEcr = (name: string) => !name.includes('.dkr.ecr.') && name !== image;
		return details.RepoDigests?.find(outsideEcr) ?? details.RepoTags?.find(outsideEcr);
	} catch {
		return undefined;
	}
}

async function capacity(account: AccountPort, clusterArn: string): Promise<Record<string, number>> {
	const arns = await account.listContainerInstances(clusterArn);
	const instances = arns.length === 0 ? [] : await account.describeContainerInstances(clusterArn, arns);
	const counts: Record<string, number> = {};
	for (const instance of instances) if (instance.cpuArchitecture) counts[instance.cpuArchitecture] = (counts[instance.cpuArchitecture] ?? 0) + 1;
	return counts;
}

/** Reads (never changes) what the plan depends on. */
export async function gatherFacts(
	subject: FixSubject,
	options: PlanOptions,
	ports: {aws: FixAws; account: AccountPort; docker: DockerPort},
	dockerfile: boolean,
): Promise<{facts: PlanFacts; warnings: string[]}> {
	const warnings: string[] = [];
	const imageStrategy = !['patch-task-definition', 'redeploy', 'set-architecture'].includes(options.strategy);
	const docker = imageStrategy ? await ports.docker.status() : {installed: false, daemon: false, buildx: false, containerdImageStore: false};
	const known = imageStrategy && docker.daemon && !options.source ? await localSource(ports.docker, subject.container.image) : undefined;
	let repositoryMutability: TagMutability = {setting: 'MUTABLE', exclusions: []};
	if (imageStrategy) {
		try {
			repositoryMutability = await ports.aws.repositoryMutability(subject.reference.ecr.registryId, subject.reference.repository);
		} catch (error) {
			if (!isAwsError(error) || error.kind === 'credentials') throw error;
			repositoryMutability = {setting: 'UNKNOWN', exclusions: []};
			warnings.push(`Could not read whether ${subject.reference.repository} has immutable tags (${error.action}); if it does, the push will be refused.`);
		}
	}
	const ec2 = subject.workload.launchType === 'EC2' || (subject.definition !== undefined && !subject.definition.requiresCompatibilities.includes('FARGATE'));
	const counts = options.strategy === 'patch-task-definition' && ec2 && subject.service ? await capacity(ports.account, subject.service.clusterArn) : undefined;
	return {
		facts: {docker, ...(known ? {localSource: known} : {}), repositoryMutability, dockerfile, ...(counts ? {capacity: counts} : {})},
		warnings,
	};
}
