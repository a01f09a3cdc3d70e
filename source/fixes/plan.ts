import {guessUpstream} from '../diagnosis/fix-suggestions.js';
import {arnName} from '../diagnosis/signatures.js';
import {ecsCpuArchitectureFor, formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import {isTagImmutable, type TagMutability} from '../registry/tag-mutability.js';
import type {DockerStatus} from '../ports/fix.js';
import {
	buildStep,
	checkIndexStep,
	checkPulledStep,
	copyIndexStep,
	forceDeploymentStep,
	loginStep,
	pullStep,
	pushStep,
	registerStep,
	startAppRunnerDeploymentStep,
	keptConfiguration,
	tagStep,
	tokenStep,
	updateAppRunnerStep,
	updateServiceStep,
	type ExecStep,
	type TagUndo,
} from './steps.js';
import type {FixSubject} from './subject.js';
import type {Strategy} from './types.js';

export type PlanOptions = {
	readonly strategy: Strategy;
	readonly source?: string;
	readonly tag?: string;
	readonly cwd: string;
	readonly now: Date;
};

/** What planning needs to know beyond the workload: read before the plan is made, all read-only. */
export type PlanFacts = {
	readonly docker: DockerStatus;
	/** A non-ECR tag the local Docker gave the ECR image, if it knows the image. */
	readonly localSource?: string;
	readonly repositoryMutability: TagMutability;
	readonly dockerfile: boolean;
	/** EC2 launch type: container instances per ecs.cpu-architecture. */
	readonly capacity?: Readonly<Record<string, number>>;
};

export type Plan = {
	readonly strategy: Strategy;
	readonly steps: readonly ExecStep[];
	readonly source?: string;
	readonly sourceOrigin?: 'flag' | 'local-docker' | 'guess';
	readonly destination?: string;
	/** What the workload will run on, and what the image must hold for it. */
	readonly targetPlatform: Platform;
	readonly warnings: readonly string[];
};

export type PlanOutcome = {readonly plan: Plan} | {readonly refusal: string};

const refuse = (refusal: string): PlanOutcome => ({refusal});

function timestamp(now: Date): string {
	return now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
}

function dockerProblem(subject: FixSubject, docker: DockerStatus, needsBuildx: boolean, needsDaemon: boolean): string | undefined {
	const alternative =
		subject.workload.kind === 'ecs-service'
			? ' --strategy patch-task-definition needs no Docker.'
			: ' App Runner can only be fixed by pushing an image with linux/amd64, so run the commands `execdoctor scan` prints on a machine with Docker.';
	if (!docker.installed) return `Docker is not installed (docker was not found on PATH).${alternative}`;
	if (needsDaemon && !docker.daemon) return `The Docker daemon is not running (${docker.problem ?? 'docker info failed'}).${alternative}`;
	if (needsBuildx && !docker.buildx) return `docker buildx is not available (it comes with Docker Desktop and the docker-buildx-plugin package).${alternative}`;
	return undefined;
}

/** The image reference the fix pushes to: the same tag, or a new one when tags are immutable or one was asked for. */
function destinationOf(
	subject: FixSubject,
	options: PlanOptions,
	facts: PlanFacts,
	platform: Platform,
): {reference: string; tag: string; sameTag: boolean; undo: TagUndo} {
	const {reference, image} = subject;
	const currentTag = reference.digest ? undefined : (reference.tag ?? 'latest');
	const immutable = currentTag !== undefined && isTagImmutable(facts.repositoryMutability, currentTag) === true;
	const tag = options.tag ?? (currentTag && !immutable ? currentTag : `${currentTag ?? 'fixed'}-${platform.architecture}-${timestamp(options.now)}`);
	const sameTag = tag === currentTag;
	return {
		reference: `${reference.registry}/${reference.repository}:${tag}`,
		tag,
		sameTag,
		undo: {
			region: subject.region,
			repository: reference.repository,
			tag,
			...(sameTag && image.digest ? {previousDigest: image.digest} : {}),
			...(image.mediaType ? {mediaType: image.mediaType} : {}),
		},
	};
}

/** After the push: make the workload pick the image up (a new deployment, or a new revision or image identifier for a new tag). */
function redeploySteps(
	subject: FixSubject,
	destination: {reference: string; tag: string; sameTag: boolean},
	options: {afterPush: boolean} = {afterPush: true},
): ExecStep[] {
	const {workload, region} = subject;
	if (workload.kind === 'ecs-service') {
		const cluster = workload.cluster!;
		const running = subject.service!.taskDefinition;
		if (destination.sameTag) {
			// After a rollback the service runs another revision: a forced deployment would restart that one.
			if (subject.definition!.arn !== running)
				return [updateServiceStep({cluster, service: workload.name, previousTaskDefinition: running, region, taskDefinition: subject.definition!.arn})];
			return [forceDeploymentStep({cluster, service: workload.name, region, tag: destination.tag})];
		}
		return [
			registerStep({
				taskDefinition: subject.definition!.arn,
				change: {image: {container: subject.container.name, image: destination.reference}},
				region,
				summary: `container ${subject.container.name} image=${destination.reference}`,
			}),
			updateServiceStep({cluster, service: workload.name, previousTaskDefinition: running, region}),
		];
	}
	const service = subject.appRunner!;
	// Only a push starts an automatic deployment: a redeploy on its own always starts one.
	if (destination.sameTag && service.status === 'RUNNING')
		return [startAppRunnerDeploymentStep(service.arn, region, options.afterPush && service.autoDeploymentsEnabled === true)];
	const reason =
		service.status === 'CREATE_FAILED' ? 'a service in CREATE_FAILED cannot take a deployment; UpdateService rebuilds it' : 'point it at the new tag';
	return [
		updateAppRunnerStep({
			serviceArn: service.arn,
			region,
			imageIdentifier: destination.reference,
			previousImageIdentifier: service.imageIdentifier!,
			kept: keptConfiguration(service),
			reason,
		}),
	];
}

/** App Runner takes a deployment or an update only when it is running, or rebuilds one that failed to create. */
function appRunnerStateProblem(service: FixSubject['appRunner'], region: string): string | undefined {
	if (!service || service.status === 'RUNNING' || service.status === 'CREATE_FAILED') return undefined;
	const flags = `--service-arn ${service.arn} --region ${region}`;
	if (service.status === 'OPERATION_IN_PROGRESS')
		return `App Runner service ${service.name} has an operation in progress: wait until it ends (\`aws apprunner list-operations ${flags}\`), then run the fix again.`;
	if (service.status === 'PAUSED')
		return `App Runner service ${service.name} is paused: resume it first (\`aws apprunner resume-service ${flags}\`), then run the fix again.`;
	return `App Runner service ${service.name} is ${service.status}: there is nothing to deploy to.`;
}

function sourceOf(subject: FixSubject, options: PlanOptions, facts: PlanFacts): {source: string; origin: 'flag' | 'local-docker' | 'guess'} {
	if (options.source) return {source: options.source, origin: 'flag'};
	if (facts.localSource) return {source: facts.localSource, origin: 'local-docker'};
	return {source: guessUpstream(subject.reference), origin: 'guess'};
}

function imageStrategyPlan(subject: FixSubject, options: PlanOptions, facts: PlanFacts): PlanOutcome {
	const platform = subject.needed;
	const {strategy} = options;
	const problem = dockerProblem(subject, facts.docker, strategy !== 'repush', strategy !== 'copy-index');
	if (problem) return refuse(problem);
	if (strategy === 'rebuild' && !facts.dockerfile)
		return refuse(`There is no Dockerfile in ${options.cwd}: run the rebuild from the folder with the Dockerfile.`);
	const destination = destinationOf(subject, options, facts, platform);
	const warnings: string[] = [];
	if (!destination.sameTag) {
		const why = options.tag
			? ''
			: subject.reference.digest
				? 'The workload names its image by digest, so '
				: `Repository ${subject.reference.repository} keeps the tag ${subject.reference.tag ?? 'latest'} immutable (${facts.repositoryMutability.setting}), so `;
		warnings.push(`${why}${why ? 'the' : 'The'} image goes to the tag ${destination.tag} and the workload is pointed at it.`);
	}
	const registry = subject.reference.registry;
	const login = [tokenStep(subject.reference.ecr.registryId), loginStep(registry)];
	const redeploy = redeploySteps(subject, destination);
	if (strategy === 'rebuild') {
		return {
			plan: {
				strategy,
				steps: [...login, buildStep(destination.reference, platform, options.cwd, destination.undo), ...redeploy],
				destination: destination.reference,
				targetPlatform: platform,
				warnings,
			},
		};
	}
	const {source, origin} = sourceOf(subject, options, facts);
	if (origin === 'guess') warnings.push(`The source ${source} is a guess from the repository name: confirm it, or pass --source.`);
	if (strategy === 'copy-index') {
		return {
			plan: {
				strategy,
				steps: [...login, checkIndexStep(source, platform), copyIndexStep(source, destination.reference, destination.undo), ...redeploy],
				source,
				sourceOrigin: origin,
				destination: destination.reference,
				targetPlatform: platform,
				warnings,
			},
		};
	}
	if (facts.docker.containerdImageStore)
		warnings.push('The Docker daemon uses the containerd image store: the push names the platform, as a plain push can send another one.');
	const steps = [
		...login,
		pullStep(source, platform),
		checkPulledStep(source, platform, facts.docker.containerdImageStore),
		tagStep(source, destination.reference),
		pushStep(destination.reference, facts.docker.containerdImageStore ? platform : undefined, destination.undo),
		...redeploy,
	];
	return {plan: {strategy, steps, source, sourceOrigin: origin, destination: destination.reference, targetPlatform: platform, warnings}};
}

function patchPlan(subject: FixSubject, facts: PlanFacts): PlanOutcome {
	if (subject.workload.kind !== 'ecs-service' || !subject.definition)
		return refuse('App Runner runs x86_64 only: there is no runtime platform to patch. Use --strategy repush, copy-index or rebuild.');
	const target = subject.image.platforms.find(platform => ecsCpuArchitectureFor(platform) && !runsOn(platform, subject.needed));
	const architecture = target && ecsCpuArchitectureFor(target);
	if (!target || !architecture) {
		return refuse(
			`The image holds ${subject.image.platforms.map(formatPlatform).join(', ') || 'no platform'}: nothing ECS can run instead of ${formatPlatform(subject.needed)}. Fix the image instead.`,
		);
	}
	const warnings: string[] = [];
	const ec2 =
		subject.workload.launchType === 'EC2' || (!subject.definition.requiresCompatibilities.includes('FARGATE') && subject.workload.launchType !== 'FARGATE');
	if (ec2) {
		const attribute = architecture === 'ARM64' ? 'arm64' : 'x86_64';
		const count = facts.capacity?.[attribute] ?? 0;
		if (count === 0)
			warnings.push(
				`Cluster ${subject.workload.cluster} has no ${attribute} container instance: ECS will not be able to place the new tasks until it has some.`,
			);
	}
	const {definition, region} = subject;
	const cluster = subject.workload.cluster!;
	return {
		plan: {
			strategy: 'patch-task-definition',
			steps: [
				registerStep({
					taskDefinition: definition.arn,
					change: {cpuArchitecture: architecture},
					region,
					summary: `runtimePlatform.cpuArchitecture=${architecture}`,
				}),
				updateServiceStep({cluster, service: subject.workload.name, previousTaskDefinition: subject.service!.taskDefinition, region}),
			],
			targetPlatform: target,
			warnings,
		},
	};
}

/** Every ECS fix ends in UpdateService, which only an ECS-controlled (rolling update) service takes. */
function ecsControllerProblem(subject: FixSubject): string | undefined {
	const controller = subject.service?.deploymentController;
	if (!controller || controller === 'ECS') return undefined;
	const name = subject.workload.name;
	if (controller === 'CODE_DEPLOY') {
		return `Service ${name} is deployed by CodeDeploy (blue/green): ECS refuses UpdateService for it, so execdoctor cannot redeploy it. Fix the image with the commands below, then start a CodeDeploy deployment of ${arnName(subject.definition!.arn)} (aws deploy create-deployment).`;
	}
	return `Service ${name} uses the ${controller} deployment controller: its deployments are made outside ECS, so execdoctor cannot redeploy it. Fix the image with the commands below, then deploy it the way the service is deployed.`;
}

/** What the user should know about the ECS service before confirming. */
function ecsWarnings(subject: FixSubject): string[] {
	const {service, definition} = subject;
	if (!service || !definition) return [];
	const warnings: string[] = [];
	if (subject.revisionSource) {
		warnings.push(
			`Service ${service.name} runs ${arnName(service.taskDefinition)} now (it rolled back); the fix repairs ${arnName(definition.arn)} (${subject.revisionSource}) and deploys it.`,
		);
	}
	if (service.desiredCount === 0) {
		warnings.push(
			`Service ${service.name} has a desired count of 0: no task will run, so the fix cannot be verified. To run one: aws ecs update-service --cluster ${subject.workload.cluster} --service ${service.name} --desired-count 1 --region ${subject.region}`,
		);
	}
	return warnings;
}

/** The fix, step by step; or why it cannot be done. Makes no call and changes nothing. */
export function buildPlan(subject: FixSubject, options: PlanOptions, facts: PlanFacts): PlanOutcome {
	const outcome = planSteps(subject, options, facts);
	return 'plan' in outcome ? {plan: {...outcome.plan, warnings: [...ecsWarnings(subject), ...outcome.plan.warnings]}} : outcome;
}

/** A new deployment of the image the tag names now, which already holds the platform: no image step. */
function redeployPlan(subject: FixSubject): Plan {
	const {reference} = subject;
	const tag = reference.tag ?? 'latest';
	return {
		strategy: 'redeploy',
		steps: redeploySteps(subject, {reference: subject.container.image, tag, sameTag: true}, {afterPush: false}),
		targetPlatform: subject.needed,
		warnings: [],
	};
}

function planSteps(subject: FixSubject, options: PlanOptions, facts: PlanFacts): PlanOutcome {
	if (subject.image.unknownReason) return refuse(`The image cannot be read, so no fix can be planned: ${subject.image.unknownReason}`);
	const problem = appRunnerStateProblem(subject.appRunner, subject.region) ?? ecsControllerProblem(subject);
	if (problem) return refuse(problem);
	const needed = formatPlatform(subject.needed);
	const holds = subject.image.platforms.some(platform => runsOn(platform, subject.needed));
	if (options.strategy === 'redeploy') {
		if (holds) return {plan: redeployPlan(subject)};
		const image = subject.image.platforms.map(formatPlatform).join(', ') || 'no runnable platform';
		return refuse(
			`${subject.container.image} still holds only ${image}, not ${needed}: a new deployment would fail the same way. Fix the image first (--strategy repush, copy-index or rebuild${subject.workload.kind === 'ecs-service' ? ', or patch-task-definition' : ''}).`,
		);
	}
	if (holds) {
		return refuse(
			`${subject.container.image} already holds ${needed}, which ${subject.workload.name} needs (${subject.runtimeSource}): the image is not the problem now. If ${subject.workload.name} still fails, it runs the image from before: --strategy redeploy starts a new deployment and verifies it.`,
		);
	}
	return options.strategy === 'patch-task-definition' ? patchPlan(subject, facts) : imageStrategyPlan(subject, options, facts);
}
