/**
 * Each fix strategy, described once: the steps (with their API/docker form and shell form), a
 * title and the notes that explain them. `execdoctor fix` applies these plans; the scan report
 * prints the same plans' shell forms (fixes/suggest.ts). Building a plan makes no call.
 */
import {arnName} from '../diagnosis/signatures.js';
import {ownerOf, ownershipWarning, runtimePlatformChange, type Ownership} from '../diagnosis/ownership.js';
import type {ImageReference} from '../registry/image-reference.js';
import {ecsCpuArchitectureFor, formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import {isTagImmutable, type TagMutability} from '../registry/tag-mutability.js';
import type {DockerStatus} from '../ports/fix.js';
import type {AwsScope} from './shell.js';
import {updateLambdaCodeStep} from './steps/lambda-steps.js';
import {keptConfiguration, startAppRunnerDeploymentStep, updateAppRunnerStep} from './steps/apprunner-steps.js';
import {forceDeploymentStep, registerStep, rerunTaskStep, updateServiceStep} from './steps/ecs-steps.js';
import {
	buildStep,
	checkIndexStep,
	checkPulledStep,
	copyIndexStep,
	loginStep,
	pullStep,
	pushStep,
	tagStep,
	tokenStep,
	type TagUndo,
} from './steps/image-steps.js';
import type {ExecStep} from './steps/step.js';
import type {FixSubject} from './subject.js';
import type {Strategy} from './types.js';

export type PlanOptions = {
	readonly strategy: Strategy;
	readonly source?: string;
	readonly tag?: string;
	readonly cwd: string;
	readonly now: Date;
	/** Named in every printed `aws` command, so it acts on the account that was read. */
	readonly profile?: string;
};

/** What planning needs to know beyond the workload: read before the plan is made, all read-only. */
export type PlanFacts = {
	readonly docker: DockerStatus;
	/** A non-ECR tag the local Docker gave the ECR image, if it knows the image. */
	readonly localSource?: string;
	readonly repositoryMutability: TagMutability;
	readonly dockerfile: boolean;
	/** EC2 launch type: container instances per ecs.cpu-architecture, when they were counted. */
	readonly capacity?: Readonly<Record<string, number>>;
};

export type Plan = {
	readonly strategy: Strategy;
	readonly title: string;
	readonly steps: readonly ExecStep[];
	readonly source?: string;
	readonly sourceOrigin?: 'flag' | 'local-docker' | 'ecr' | 'guess';
	readonly destination?: string;
	/** What the workload will run on, and what the image must hold for it. */
	readonly targetPlatform: Platform;
	/** What is risky or unusual about this plan here. */
	readonly warnings: readonly string[];
	/** Why the steps are what they are. */
	readonly notes: readonly string[];
};

export type PlanOutcome = {readonly plan: Plan} | {readonly refusal: string};

const refuse = (refusal: string): PlanOutcome => ({refusal});

export const redeployReasons = {
	ecs: 'ECS resolves a tag to a digest when a deployment starts and keeps that digest for the whole deployment, so pushing the same tag again changes nothing until a new deployment.',
	appRunner: 'App Runner pulls the image when a deployment starts; pushing the tag again is not enough unless automatic deployments are on.',
	appRunnerFailed: 'A service in CREATE_FAILED cannot take a deployment: it must be rebuilt with UpdateService, pointing at the fixed image.',
	appRunnerAutomatic:
		'Automatic deployments are on: the push itself starts a deployment, which list-operations shows; run `aws apprunner start-deployment` only if none starts.',
	appRunnerKept: 'describe-service and jq carry the port, start command, environment variables and secrets over: only the image identifier changes.',
	standalone: 'A standalone task is not restarted for you: run it again (add the network configuration and launch type you normally use).',
	lambda:
		'Lambda resolves the tag to a digest when the function code is updated and keeps that digest: pushing the tag again changes nothing until UpdateFunctionCode.',
	lambdaSingle:
		'Lambda takes a single-platform image manifest only: an image index (several platforms, or one platform with a provenance or SBOM attestation) is refused with "The image manifest, config or layer media type … is not supported".',
};

/** A guess at where an ECR copy came from: `grafana/grafana` in ECR → `grafana/grafana` on Docker Hub. */
export function guessUpstream(reference: ImageReference): string {
	return `${reference.repository}:${reference.tag ?? 'latest'}`;
}

function timestamp(now: Date): string {
	return now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
}

const scopeOf = (subject: FixSubject, options: PlanOptions): AwsScope => ({region: subject.region, ...(options.profile ? {profile: options.profile} : {})});

function dockerProblem(subject: FixSubject, docker: DockerStatus, needsBuildx: boolean, needsDaemon: boolean): string | undefined {
	const alternative =
		subject.workload.kind === 'apprunner-service'
			? ' App Runner can only be fixed by pushing an image with linux/amd64, so run the commands `execdoctor scan` prints on a machine with Docker.'
			: subject.workload.kind === 'lambda-function'
				? ' --strategy set-architecture needs no Docker when the image is a single image for the other architecture.'
				: ' --strategy patch-task-definition needs no Docker.';
	if (!docker.installed) return `Docker is not installed (docker was not found on PATH).${alternative}`;
	if (needsDaemon && !docker.daemon) return `The Docker daemon is not running (${docker.problem ?? 'docker info failed'}).${alternative}`;
	if (needsBuildx && !docker.buildx) return `docker buildx is not available (it comes with Docker Desktop and the docker-buildx-plugin package).${alternative}`;
	return undefined;
}

type Destination = {readonly reference: string; readonly tag: string; readonly sameTag: boolean; readonly undo: TagUndo};

/** The image reference the fix pushes to: the same tag, or a new one when tags are immutable or one was asked for. */
function destinationOf(subject: FixSubject, options: PlanOptions, facts: PlanFacts, platform: Platform): Destination {
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
			...scopeOf(subject, options),
			registryId: reference.ecr.registryId,
			repository: reference.repository,
			tag,
			...(sameTag && image.digest ? {previousDigest: image.digest} : {}),
			...(image.mediaType ? {mediaType: image.mediaType} : {}),
		},
	};
}

type Redeploy = {readonly steps: ExecStep[]; readonly notes: string[]};

/** What the function runs now, by digest and architecture: what an undo brings back. */
function lambdaPrevious(lambda: NonNullable<FixSubject['lambda']>): {imageUri: string; architectures: string[]} {
	return {imageUri: lambda.resolvedImageUri ?? lambda.imageUri ?? '', architectures: [...lambda.architectures]};
}

/** Lambda runs a single-platform manifest of its architecture; an index is refused whatever it holds. */
export function lambdaRunnable(image: FixSubject['image'], platform: Platform): boolean {
	return image.kind !== 'index' && image.platforms.some(candidate => runsOn(candidate, platform));
}

/** After the push: make the workload pick the image up (a new deployment, or a new revision or image identifier for a new tag). */
function redeploy(subject: FixSubject, options: PlanOptions, destination: Pick<Destination, 'reference' | 'tag' | 'sameTag'>, afterPush: boolean): Redeploy {
	const {workload, definition} = subject;
	const scope = scopeOf(subject, options);
	if (subject.lambda) {
		return {
			steps: [
				updateLambdaCodeStep({
					functionName: subject.lambda.name,
					code: {imageUri: destination.reference},
					previous: lambdaPrevious(subject.lambda),
					scope,
					reason: destination.sameTag ? 'Lambda resolves the tag again' : 'the new tag',
				}),
			],
			notes: [redeployReasons.lambda],
		};
	}
	if (workload.kind === 'ecs-task') {
		const taskDefinition = definition?.arn ?? workload.taskDefinition ?? workload.name;
		const steps = destination.sameTag
			? []
			: [
					registerStep({
						taskDefinition,
						change: {image: {container: subject.container.name, image: destination.reference}},
						scope,
						summary: `container ${subject.container.name} image=${destination.reference}`,
					}),
				];
		return {steps: [...steps, rerunTaskStep({cluster: workload.cluster ?? 'default', taskDefinition, scope})], notes: [redeployReasons.standalone]};
	}
	if (workload.kind === 'ecs-service') {
		const cluster = workload.cluster ?? 'default';
		const failing = definition?.arn ?? workload.taskDefinition;
		const running = workload.serviceTaskDefinition ?? failing;
		if (destination.sameTag) {
			// After a rollback the service runs another revision: a forced deployment would restart that one.
			if (failing && running && failing !== running) {
				const [failingName, runningName] = [arnName(failing), arnName(running)];
				return {
					steps: [updateServiceStep({cluster, service: workload.name, previousTaskDefinition: running, scope, taskDefinition: failing})],
					notes: [
						`Service ${workload.name} runs ${runningName} now: it rolled back after ${failingName} failed. Deploy ${failingName} again once its image is fixed; a forced deployment would only restart ${runningName}.`,
						redeployReasons.ecs,
					],
				};
			}
			return {steps: [forceDeploymentStep({cluster, service: workload.name, scope, tag: destination.tag})], notes: [redeployReasons.ecs]};
		}
		const revision = failing ?? workload.name;
		return {
			steps: [
				registerStep({
					taskDefinition: revision,
					change: {image: {container: subject.container.name, image: destination.reference}},
					scope,
					summary: `container ${subject.container.name} image=${destination.reference}`,
				}),
				updateServiceStep({cluster, service: workload.name, previousTaskDefinition: running ?? revision, scope}),
			],
			notes: [`The image goes to a new tag, so a new revision of ${arnName(revision).split(':')[0]} names it and the service moves to that revision.`],
		};
	}
	const service = subject.appRunner!;
	if (!destination.sameTag || service.status !== 'RUNNING') {
		const reason =
			service.status === 'CREATE_FAILED' ? 'a service in CREATE_FAILED cannot take a deployment; UpdateService rebuilds it' : 'point it at the new tag';
		return {
			steps: [
				updateAppRunnerStep({
					serviceArn: service.arn,
					scope,
					imageIdentifier: destination.reference,
					previousImageIdentifier: service.imageIdentifier ?? subject.container.image,
					kept: keptConfiguration(service),
					reason,
				}),
			],
			notes: [...(service.status === 'CREATE_FAILED' ? [redeployReasons.appRunnerFailed] : []), redeployReasons.appRunnerKept],
		};
	}
	// Only a push starts an automatic deployment: a redeploy on its own always starts one.
	const automatic = afterPush && service.autoDeploymentsEnabled === true;
	return {
		steps: [startAppRunnerDeploymentStep(service.arn, scope, automatic)],
		notes: [automatic ? redeployReasons.appRunnerAutomatic : redeployReasons.appRunner],
	};
}

function sourceOf(subject: FixSubject, options: PlanOptions, facts: PlanFacts): {source: string; origin: 'flag' | 'local-docker' | 'ecr' | 'guess'} {
	if (options.source) return {source: options.source, origin: 'flag'};
	// An index Lambda refused already holds the platform: its own entry is the single image to push.
	if (subject.lambda && subject.image.kind === 'index' && subject.image.platforms.some(platform => runsOn(platform, subject.needed)))
		return {source: subject.container.image, origin: 'ecr'};
	if (facts.localSource) return {source: facts.localSource, origin: 'local-docker'};
	return {source: guessUpstream(subject.reference), origin: 'guess'};
}

const imageTitles = {
	repush: (platform: string) => `Pull ${platform} explicitly and push it to ECR again`,
	'copy-index': () => 'Copy the whole multi-platform index into ECR',
	rebuild: (platform: string) => `Rebuild for ${platform} and push`,
};

function imageStrategyPlan(subject: FixSubject, options: PlanOptions, facts: PlanFacts, strategy: 'repush' | 'copy-index' | 'rebuild'): PlanOutcome {
	const platform = subject.needed;
	const wanted = formatPlatform(platform);
	const problem = dockerProblem(subject, facts.docker, strategy !== 'repush', strategy !== 'copy-index');
	if (problem) return refuse(problem);
	if (strategy === 'rebuild' && !facts.dockerfile)
		return refuse(`There is no Dockerfile in ${options.cwd}: run the rebuild from the folder with the Dockerfile.`);
	const destination = destinationOf(subject, options, facts, platform);
	const warnings: string[] = [];
	const notes: string[] = [];
	const owner = ownerOfSubject(subject);
	if (!destination.sameTag && owner)
		warnings.push(
			ownershipWarning(
				owner,
				`${subject.workload.name}'s task definition`,
				`point ${subject.container.name} at ${destination.reference} in the task definition there`,
			),
		);
	if (!destination.sameTag) {
		const why = options.tag
			? ''
			: subject.reference.digest
				? 'The workload names its image by digest, so '
				: `Repository ${subject.reference.repository} keeps the tag ${subject.reference.tag ?? 'latest'} immutable (${facts.repositoryMutability.setting}), so `;
		warnings.push(`${why}${why ? 'the' : 'The'} image goes to the tag ${destination.tag} and the workload is pointed at it.`);
	}
	if (isTagImmutable(facts.repositoryMutability, destination.tag) === undefined)
		notes.push('If the repository has immutable tags, push a new tag and point the workload at it.');
	const scope = scopeOf(subject, options);
	const login = [tokenStep(subject.reference.ecr.registryId), loginStep(subject.reference.registry, scope)];
	const then = redeploy(subject, options, destination, true);
	const base = {strategy, title: imageTitles[strategy](wanted), destination: destination.reference, targetPlatform: platform, warnings};
	if (strategy === 'rebuild') {
		return {
			plan: {
				...base,
				steps: [...login, buildStep(destination.reference, platform, options.cwd, destination.undo, subject.lambda !== undefined), ...then.steps],
				notes: [
					'Run it in the folder with the Dockerfile. Building for another architecture than your machine needs QEMU emulation (Docker Desktop ships it).',
					subject.lambda
						? `--provenance=false --sbom=false: buildx adds a provenance attestation by default, which makes the push an index. ${redeployReasons.lambdaSingle}`
						: 'To serve both architectures, use --platform linux/amd64,linux/arm64 (needs the containerd image store or a docker-container builder).',
					...notes,
					...then.notes,
				],
			},
		};
	}
	const {source, origin} = sourceOf(subject, options, facts);
	if (origin === 'guess')
		warnings.push(`The source ${source} is a guess from the repository name: replace it with where the image really comes from (--source).`);
	const withSource = {...base, source, sourceOrigin: origin};
	if (strategy === 'copy-index') {
		const kept =
			subject.workload.kind === 'apprunner-service'
				? ', and App Runner picks linux/amd64 from it.'
				: ', so the next deploy works on x86_64 and on Graviton alike.';
		return {
			plan: {
				...withSource,
				steps: [...login, checkIndexStep(source, platform), copyIndexStep(source, destination.reference, destination.undo), ...then.steps],
				notes: [`Works when ${source} is a multi-platform index (inspect lists its platforms). Every platform is kept${kept}`, ...notes, ...then.notes],
			},
		};
	}
	const containerd = facts.docker.containerdImageStore;
	const steps = [
		...login,
		pullStep(source, platform),
		checkPulledStep(source, platform, containerd),
		...(source === destination.reference ? [] : [tagStep(source, destination.reference)]),
		pushStep(destination.reference, containerd ? platform : undefined, destination.undo),
		...then.steps,
	];
	return {
		plan: {
			...withSource,
			steps,
			notes: [
				`\`docker pull\` picks the platform of the machine it runs on unless told otherwise; the inspect step must print ${wanted} before you push.`,
				...(subject.lambda ? [redeployReasons.lambdaSingle] : []),
				...(containerd
					? [
							'The Docker daemon uses the containerd image store: one tag holds every platform pulled, so inspect and push name the platform (docker 28.1 or later for inspect); a plain `docker push` can send another one.',
						]
					: []),
				...notes,
				...then.notes,
			],
		},
	};
}

function patchPlan(subject: FixSubject, options: PlanOptions, facts: PlanFacts): PlanOutcome {
	const {workload, definition} = subject;
	if (workload.kind === 'apprunner-service' || !definition) {
		return refuse('App Runner runs x86_64 only: there is no runtime platform to patch. Use --strategy repush, copy-index or rebuild.');
	}
	const target = subject.image.platforms.find(platform => ecsCpuArchitectureFor(platform) && !runsOn(platform, subject.needed));
	const architecture = target && ecsCpuArchitectureFor(target);
	if (!target || !architecture) {
		return refuse(
			`The image holds ${subject.image.platforms.map(formatPlatform).join(', ') || 'no platform'}: nothing ECS can run instead of ${formatPlatform(subject.needed)}. Fix the image instead.`,
		);
	}
	// A new runtimePlatform moves every container of the task: each image must hold the platform.
	const others = (subject.containers ?? []).filter(container => container.name !== subject.container.name);
	const cannot = others.filter(container => container.image.unknownReason || !container.image.platforms.some(platform => runsOn(platform, target)));
	if (cannot.length > 0) {
		const why = cannot
			.map(
				container =>
					`${container.name} (${container.image.unknownReason ? 'its image could not be read' : `holds ${container.image.platforms.map(formatPlatform).join(', ') || 'no platform'}`})`,
			)
			.join(', ');
		return refuse(
			`Patching runtimePlatform would move every container of ${definition.family} to ${formatPlatform(target)}, and not every image holds it: ${why}. Fix the image of ${subject.container.name} instead (--strategy repush, copy-index or rebuild).`,
		);
	}
	const cluster = workload.cluster ?? 'default';
	const fargate = workload.launchType === 'FARGATE' || (workload.launchType === undefined && definition.requiresCompatibilities.includes('FARGATE'));
	const attribute = architecture === 'ARM64' ? 'arm64' : 'x86_64';
	const owner = ownerOfSubject(subject);
	const warnings = [
		...(owner ? [ownershipWarning(owner, `Task definition family ${definition.family}`, runtimePlatformChange(owner.tool, architecture))] : []),
		...(!fargate && facts.capacity && (facts.capacity[attribute] ?? 0) === 0
			? [`Cluster ${cluster} has no ${attribute} container instance: ECS will not be able to place the new tasks until it has some.`]
			: []),
	];
	const scope = scopeOf(subject, options);
	const register = registerStep({
		taskDefinition: definition.arn,
		change: {cpuArchitecture: architecture},
		scope,
		summary: `runtimePlatform.cpuArchitecture=${architecture}`,
	});
	const run =
		workload.kind === 'ecs-service'
			? updateServiceStep({cluster, service: workload.name, previousTaskDefinition: workload.serviceTaskDefinition ?? definition.arn, scope})
			: rerunTaskStep({cluster, taskDefinition: definition.arn, scope});
	return {
		plan: {
			strategy: 'patch-task-definition',
			title: `Run it on ${architecture}: a new revision of ${definition.family} with runtimePlatform.cpuArchitecture ${architecture}`,
			steps: [register, run],
			targetPlatform: target,
			warnings,
			notes: [
				`The image itself is fine for ${architecture === 'ARM64' ? 'ARM64 (Graviton)' : 'x86_64'}: this runs the workload where the image can run, without touching the image.`,
				'The read-only fields DescribeTaskDefinition returns are dropped, as RegisterTaskDefinition refuses them.',
				fargate
					? `Fargate runs ${architecture} tasks on platform version 1.4.0 or later.`
					: `The EC2 launch type needs container instances of that architecture in cluster ${cluster}; without them the task cannot be placed.`,
				...(workload.kind === 'ecs-task' ? [redeployReasons.standalone] : []),
			],
		},
	};
}

const lambdaArchitectures = {amd64: 'x86_64', arm64: 'arm64'} as const;

/** Lambda: run the function on the architecture its image is for, without touching the image. */
function setArchitecturePlan(subject: FixSubject, options: PlanOptions): PlanOutcome {
	const {lambda} = subject;
	if (!lambda) {
		return refuse(
			subject.workload.kind === 'apprunner-service'
				? 'App Runner runs x86_64 only: there is no architecture to set. Use --strategy repush, copy-index or rebuild.'
				: "--strategy set-architecture is for Lambda functions; for ECS, --strategy patch-task-definition sets the task definition's runtimePlatform.",
		);
	}
	if (subject.image.kind === 'index') {
		return refuse(
			`${subject.container.image} is an image index: Lambda refuses an index on any architecture. Push a single-platform image (--strategy repush or rebuild). ${redeployReasons.lambdaSingle}`,
		);
	}
	const target = subject.image.platforms.find(platform => platform.os === 'linux' && platform.architecture in lambdaArchitectures);
	const architecture = target && lambdaArchitectures[target.architecture as keyof typeof lambdaArchitectures];
	if (!target || !architecture) {
		return refuse(
			`${subject.container.image} is for ${subject.image.platforms.map(formatPlatform).join(', ') || 'no known platform'}: Lambda runs x86_64 and arm64 only. Fix the image instead.`,
		);
	}
	if (runsOn(target, subject.needed)) {
		return refuse(`${lambda.name} already runs on ${architecture}, which ${subject.container.image} is for: there is no architecture to change.`);
	}
	const step = updateLambdaCodeStep({
		functionName: lambda.name,
		code: {imageUri: subject.container.image, architectures: [architecture]},
		previous: lambdaPrevious(lambda),
		scope: scopeOf(subject, options),
		reason: 'the architecture its image is for',
	});
	return {
		plan: {
			strategy: 'set-architecture',
			title: `Run it on ${architecture}: function ${lambda.name} with Architectures ${architecture}`,
			steps: [step],
			targetPlatform: target,
			warnings: [
				`Whatever deploys ${lambda.name} (SAM, CDK, Terraform, the Serverless Framework) still says ${lambda.architectures.join(', ')}: set its architecture to ${architecture} there too, or the next deploy undoes this.`,
			],
			notes: [
				`The image itself is fine for ${architecture}: this runs the function where the image can run, without touching the image.`,
				'Architectures can only be changed together with the code: UpdateFunctionCode names the same image and the new architecture.',
				architecture === 'arm64'
					? 'arm64 (Graviton) is billed at a lower rate per GB-second than x86_64.'
					: 'x86_64 is billed at a higher rate per GB-second than arm64.',
			],
		},
	};
}

/** A new deployment of the image the tag names now, which already holds the platform: no image step. */
function redeployPlan(subject: FixSubject, options: PlanOptions): Plan {
	const {reference} = subject;
	const tag = reference.tag ?? 'latest';
	const wanted = formatPlatform(subject.needed);
	const then = redeploy(subject, options, {reference: subject.container.image, tag, sameTag: true}, false);
	return {
		strategy: 'redeploy',
		title: `Redeploy: ${reference.repository}:${tag} already holds ${wanted}`,
		steps: then.steps,
		targetPlatform: subject.needed,
		warnings: [],
		notes: [
			`The tag was pushed again after the failure and now names an image with ${wanted}; the workload still runs the digest it resolved before. No image needs fixing.`,
			...then.notes,
		],
	};
}

/**
 * The plan for a strategy on this workload, or why that strategy cannot help it. What the
 * workload's state allows right now is the next function's business.
 */
export function strategyPlan(subject: FixSubject, options: PlanOptions, facts: PlanFacts): PlanOutcome {
	const needed = formatPlatform(subject.needed);
	const holds = subject.lambda ? lambdaRunnable(subject.image, subject.needed) : subject.image.platforms.some(platform => runsOn(platform, subject.needed));
	const {strategy} = options;
	if (strategy === 'set-architecture') return setArchitecturePlan(subject, options);
	if (subject.lambda && strategy === 'copy-index')
		return refuse(
			`Lambda refuses an image index, so copying one cannot fix ${subject.lambda.name}: --strategy repush or rebuild pushes a single-platform image. ${redeployReasons.lambdaSingle}`,
		);
	if (subject.lambda && strategy === 'patch-task-definition')
		return refuse(`Lambda has no task definition: --strategy set-architecture runs ${subject.lambda.name} on the architecture its image is for.`);
	if (strategy === 'redeploy') {
		if (holds) return {plan: redeployPlan(subject, options)};
		const image = subject.image.platforms.map(formatPlatform).join(', ') || 'no runnable platform';
		if (subject.lambda && subject.image.kind === 'index' && subject.image.platforms.some(platform => runsOn(platform, subject.needed)))
			return refuse(`${subject.container.image} is an image index, which Lambda refuses: push a single-platform image first (--strategy repush or rebuild).`);
		const others = subject.workload.kind === 'apprunner-service' ? '' : subject.lambda ? ', or set-architecture' : ', or patch-task-definition';
		return refuse(
			`${subject.container.image} still holds only ${image}, not ${needed}: a new deployment would fail the same way. Fix the image first (--strategy repush${subject.lambda ? '' : ', copy-index'} or rebuild${others}).`,
		);
	}
	// A label can lie (the scan reads the bytes): rebuilding from the Dockerfile settles it whatever the label says.
	if (holds && strategy === 'rebuild') {
		const outcome = imageStrategyPlan(subject, options, facts, strategy);
		if (!('plan' in outcome)) return outcome;
		const lie =
			subject.labelLies ??
			`The image's label already says it holds ${needed}: rebuild when its files are for another machine (execdoctor scan reads them), as a cross-build with the wrong label leaves them.`;
		return {plan: {...outcome.plan, warnings: [lie, ...outcome.plan.warnings]}};
	}
	if (holds) {
		return refuse(
			`${subject.container.image} already holds ${needed}, which ${subject.workload.name} needs (${subject.runtimeSource}): the image is not the problem now. If ${subject.workload.name} still fails, it runs the image from before: --strategy redeploy ${subject.lambda ? 'updates the function to it' : 'starts a new deployment'} and verifies it.`,
		);
	}
	return strategy === 'patch-task-definition' ? patchPlan(subject, options, facts) : imageStrategyPlan(subject, options, facts, strategy);
}

/** App Runner takes a deployment or an update only when it is running, or rebuilds one that failed to create. */
function appRunnerStateProblem(service: FixSubject['appRunner'], region: string): string | undefined {
	if (!service || service.status === 'RUNNING' || service.status === 'CREATE_FAILED') return undefined;
	const flags = `--service-arn ${service.arn} --region ${region}`;
	if (service.status === 'OPERATION_IN_PROGRESS') {
		return `App Runner service ${service.name} has an operation in progress: wait until it ends (\`aws apprunner list-operations ${flags}\`), then run the fix again.`;
	}
	if (service.status === 'PAUSED')
		return `App Runner service ${service.name} is paused: resume it first (\`aws apprunner resume-service ${flags}\`), then run the fix again.`;
	return `App Runner service ${service.name} is ${service.status}: there is nothing to deploy to.`;
}

/** Every ECS fix ends in UpdateService, which only an ECS-controlled (rolling update) service takes. */
function ecsControllerProblem(subject: FixSubject): string | undefined {
	const controller = subject.service?.deploymentController;
	if (!controller || controller === 'ECS') return undefined;
	const name = subject.workload.name;
	if (controller === 'CODE_DEPLOY') {
		const revision = subject.definition ? arnName(subject.definition.arn) : 'the fixed revision';
		return `Service ${name} is deployed by CodeDeploy (blue/green): ECS refuses UpdateService for it, so execdoctor cannot redeploy it. Fix the image with the commands below, then start a CodeDeploy deployment of ${revision} (aws deploy create-deployment).`;
	}
	return `Service ${name} uses the ${controller} deployment controller: its deployments are made outside ECS, so execdoctor cannot redeploy it. Fix the image with the commands below, then deploy it the way the service is deployed.`;
}

const revisionNumber = (arn: string) => Number(arnName(arn).split(':').at(-1));
const familyOf = (arn: string) => arnName(arn).split(':')[0];

/**
 * Someone acted since the failure the plan is about: the service runs, or the family holds, a
 * newer revision than the failing one. Repairing the failing one would undo their work. (An
 * older revision running is the circuit breaker's rollback, which a fix is meant to supersede.)
 */
function supersededProblem(subject: FixSubject): string | undefined {
	const {service, definition} = subject;
	if (!service || !definition || subject.revisionNamed) return undefined;
	const failing = arnName(definition.arn);
	const choose = `Scan again to see whether it runs, or name the revision to repair with --task-definition (--task-definition ${failing} repairs the failed one anyway).`;
	const newer = (arn: string | undefined) => arn && familyOf(arn) === definition.family && revisionNumber(arn) > definition.revision;
	if (newer(service.taskDefinition)) {
		return `Service ${service.name} runs ${arnName(service.taskDefinition)} now, newer than ${failing} that failed: someone deployed since the failure, and nothing was changed. ${choose}`;
	}
	if (newer(subject.latestRevision)) {
		return `${arnName(subject.latestRevision!)} was registered after ${failing} that failed: someone may be deploying it, and nothing was changed. ${choose}`;
	}
	return undefined;
}

/** The deploy tool that owns the revision or the service, when its marks say so. */
function ownerOfSubject(subject: FixSubject): Ownership | undefined {
	return (subject.definition ? ownerOf(subject.definition) : undefined) ?? (subject.service ? ownerOf(subject.service) : undefined);
}

/** Why execdoctor would not apply any fix to this workload now, whatever the strategy. */
export function applyProblem(subject: FixSubject): string | undefined {
	if (subject.image.unknownReason) return `The image cannot be read, so no fix can be planned: ${subject.image.unknownReason}`;
	if (subject.lambda?.lastUpdateStatus === 'InProgress')
		return `Lambda function ${subject.lambda.name} has an update in progress: Lambda refuses another until it ends (\`aws lambda wait function-updated-v2 --function-name ${subject.lambda.name} --region ${subject.region}\`), then run the fix again.`;
	return appRunnerStateProblem(subject.appRunner, subject.region) ?? ecsControllerProblem(subject) ?? supersededProblem(subject);
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
	const problem = applyProblem(subject);
	if (problem) return refuse(problem);
	const outcome = strategyPlan(subject, options, facts);
	return 'plan' in outcome ? {plan: {...outcome.plan, warnings: [...ecsWarnings(subject), ...outcome.plan.warnings]}} : outcome;
}
