import type {ImageReference} from '../registry/image-reference.js';
import {ecsCpuArchitectureFor, formatPlatform, isSamePlatform, type Platform} from '../registry/platform.js';
import type {EcsTaskDefinition} from '../ports/account.js';
import {arnName} from './signatures.js';
import type {FixSuggestion, Verdict, Workload} from './types.js';

export type FixContext = {
	readonly verdict: Verdict;
	readonly workload: Workload;
	readonly region: string;
	readonly profile?: string;
	readonly reference?: ImageReference;
	/** Platforms the image holds. */
	readonly imagePlatforms: readonly Platform[];
	readonly needed?: Platform;
	readonly definition?: EcsTaskDefinition;
	readonly appRunner?: {readonly status?: string; readonly autoDeploymentsEnabled?: boolean};
	readonly containerdImageStore: boolean | null;
	/** The tag already names an image with the needed platform: a new deployment is the whole fix. */
	readonly redeployOnly?: boolean;
};

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A guess at where an ECR copy came from: `grafana/grafana` in ECR → `grafana/grafana` on Docker Hub. */
export function guessUpstream(reference: ImageReference): string {
	return `${reference.repository}:${reference.tag ?? 'latest'}`;
}

export const redeployReasons = {
	ecs: 'ECS resolves a tag to a digest when a deployment starts and keeps that digest for the whole deployment, so pushing the same tag again changes nothing until a new deployment.',
	appRunner: 'App Runner pulls the image when a deployment starts; pushing the tag again is not enough unless automatic deployments are on.',
	appRunnerFailed: 'A service in CREATE_FAILED cannot take a deployment: it must be rebuilt with UpdateService, pointing at the fixed image.',
	appRunnerAutomatic:
		'Automatic deployments are on: the push itself starts a deployment, which list-operations shows; run `aws apprunner start-deployment` only if none starts.',
	appRunnerKept: 'describe-service and jq carry the port, start command, environment variables and secrets over: only the image identifier changes.',
};

/** The CLI way to point an App Runner service at an image, keeping the rest of its source configuration. */
export function appRunnerImageCommand(serviceArn: string, imageIdentifier: string, flags: string): string {
	const program = `.ImageRepository.ImageIdentifier = ${JSON.stringify(imageIdentifier)}`;
	return `aws apprunner describe-service --service-arn ${serviceArn} --query Service.SourceConfiguration --output json ${flags} | jq ${shellQuote(program)} > source-configuration.json && aws apprunner update-service --service-arn ${serviceArn} --source-configuration file://source-configuration.json ${flags}`;
}

function awsFlags(context: FixContext): string {
	return `--region ${context.region}${context.profile ? ` --profile ${shellQuote(context.profile)}` : ''}`;
}

function family(context: FixContext): string | undefined {
	return context.definition?.family ?? context.workload.taskDefinition?.split('/').at(-1)?.split(':')[0];
}

/** The command that makes the workload pick up the fixed image, and why it is needed. */
export function redeployStep(context: FixContext, destination: string, options: {afterPush?: boolean} = {}): {commands: string[]; notes: string[]} {
	const {workload} = context;
	if (workload.kind === 'ecs-service' && workload.serviceTaskDefinition && context.definition) {
		const failing = `${context.definition.family}:${context.definition.revision}`;
		return {
			commands: [
				`aws ecs update-service --cluster ${shellQuote(workload.cluster ?? 'default')} --service ${shellQuote(workload.name)} --task-definition ${failing} ${awsFlags(context)}`,
			],
			notes: [
				`Service ${workload.name} runs ${arnName(workload.serviceTaskDefinition)} now: it rolled back after ${failing} failed. Deploy ${failing} again once its image is fixed; a forced deployment would only restart ${arnName(workload.serviceTaskDefinition)}.`,
				redeployReasons.ecs,
			],
		};
	}
	if (workload.kind === 'ecs-service') {
		return {
			commands: [
				`aws ecs update-service --cluster ${shellQuote(workload.cluster ?? 'default')} --service ${shellQuote(workload.name)} --force-new-deployment ${awsFlags(context)}`,
			],
			notes: [redeployReasons.ecs],
		};
	}
	if (workload.kind === 'ecs-task') {
		const taskFamily = family(context) ?? workload.name;
		return {
			commands: [`aws ecs run-task --cluster ${shellQuote(workload.cluster ?? 'default')} --task-definition ${shellQuote(taskFamily)} ${awsFlags(context)}`],
			notes: ['A standalone task is not restarted for you: run it again (add the network configuration and launch type you normally use).'],
		};
	}
	if (context.appRunner?.status === 'CREATE_FAILED') {
		return {
			commands: [appRunnerImageCommand(workload.arn, destination, awsFlags(context))],
			notes: [redeployReasons.appRunnerFailed, redeployReasons.appRunnerKept],
		};
	}
	if (context.appRunner?.autoDeploymentsEnabled && options.afterPush !== false) {
		return {
			commands: [`aws apprunner list-operations --service-arn ${workload.arn} --max-results 1 ${awsFlags(context)}`],
			notes: [redeployReasons.appRunnerAutomatic],
		};
	}
	return {commands: [`aws apprunner start-deployment --service-arn ${workload.arn} ${awsFlags(context)}`], notes: [redeployReasons.appRunner]};
}

function redeployFix(context: FixContext, reference: ImageReference, needed: Platform): FixSuggestion {
	const destination = destinationOf(reference);
	const redeploy = redeployStep(context, destination, {afterPush: false});
	return {
		id: 'redeploy',
		title: `Redeploy: ${reference.repository}:${reference.tag ?? 'latest'} already holds ${formatPlatform(needed)}`,
		commands: redeploy.commands,
		notes: [
			`The tag was pushed again after the failure and now names an image with ${formatPlatform(needed)}; the workload still runs the digest it resolved before. No image needs fixing.`,
			...redeploy.notes,
		],
	};
}

function loginCommand(context: FixContext, reference: ImageReference): string {
	return `aws ecr get-login-password ${awsFlags(context)} | docker login --username AWS --password-stdin ${reference.registry}`;
}

function destinationOf(reference: ImageReference): string {
	return `${reference.registry}/${reference.repository}:${reference.tag ?? 'latest'}`;
}

function repushFix(context: FixContext, reference: ImageReference, needed: Platform): FixSuggestion {
	const platform = formatPlatform(needed);
	const source = guessUpstream(reference);
	const destination = destinationOf(reference);
	const redeploy = redeployStep(context, destination);
	const push = context.containerdImageStore ? `docker push --platform ${platform} ${destination}` : `docker push ${destination}`;
	return {
		id: 'repush',
		title: `Pull ${platform} explicitly and push it to ECR again`,
		commands: [
			loginCommand(context, reference),
			`docker pull --platform ${platform} ${source}`,
			`docker image inspect ${context.containerdImageStore ? `--platform ${platform} ` : ''}--format '{{.Os}}/{{.Architecture}}' ${source}`,
			`docker tag ${source} ${destination}`,
			push,
			...redeploy.commands,
		],
		notes: [
			`${source} is a guess from the repository name: replace it with where the image really comes from.`,
			`\`docker pull\` picks the platform of the machine it runs on unless told otherwise; the inspect step must print ${platform} before you push.`,
			...(context.containerdImageStore
				? [
						'Your Docker daemon uses the containerd image store: one tag holds every platform pulled, so inspect and push name the platform (docker 28.1 or later for inspect); a plain `docker push` can send another one.',
					]
				: []),
			'If the repository has immutable tags, push a new tag and point the workload at it.',
			...redeploy.notes,
		],
	};
}

function copyIndexFix(context: FixContext, reference: ImageReference): FixSuggestion {
	const source = guessUpstream(reference);
	const destination = destinationOf(reference);
	const redeploy = redeployStep(context, destination);
	return {
		id: 'copy-index',
		title: 'Copy the whole multi-platform index into ECR',
		commands: [
			loginCommand(context, reference),
			`docker buildx imagetools inspect ${source}`,
			`docker buildx imagetools create -t ${destination} ${source}`,
			...redeploy.commands,
		],
		notes: [
			`Works when ${source} is a multi-platform index (inspect lists its platforms). Every platform is kept${
				context.workload.kind === 'apprunner-service'
					? ', and App Runner picks linux/amd64 from it.'
					: ', so the next deploy works on x86_64 and on Graviton alike.'
			}`,
			`${source} is a guess from the repository name: replace it with where the image really comes from.`,
			...redeploy.notes,
		],
	};
}

function rebuildFix(context: FixContext, reference: ImageReference, needed: Platform): FixSuggestion {
	const destination = destinationOf(reference);
	const redeploy = redeployStep(context, destination);
	return {
		id: 'rebuild',
		title: `Rebuild for ${formatPlatform(needed)} and push`,
		commands: [loginCommand(context, reference), `docker buildx build --platform ${formatPlatform(needed)} -t ${destination} --push .`, ...redeploy.commands],
		notes: [
			'Run it in the folder with the Dockerfile. Building for another architecture than your machine needs QEMU emulation (Docker Desktop ships it).',
			`To serve both architectures, use --platform linux/amd64,linux/arm64 (needs the containerd image store or a docker-container builder).`,
			...redeploy.notes,
		],
	};
}

/**
 * DescribeTaskDefinition returns fields RegisterTaskDefinition refuses: the members of
 * TaskDefinition that RegisterTaskDefinitionRequest does not have.
 */
export const readOnlyTaskDefinitionFields = [
	'taskDefinitionArn',
	'revision',
	'status',
	'requiresAttributes',
	'compatibilities',
	'registeredAt',
	'registeredBy',
	'deregisteredAt',
	'deleteRequestedAt',
] as const;

function patchFix(context: FixContext, definition: EcsTaskDefinition, target: 'X86_64' | 'ARM64'): FixSuggestion {
	const {workload} = context;
	const name = `${definition.family}:${definition.revision}`;
	const jq = `del(${readOnlyTaskDefinitionFields.map(field => `.${field}`).join(', ')}) | .runtimePlatform = {cpuArchitecture: "${target}", operatingSystemFamily: "LINUX"}`;
	const deploy =
		workload.kind === 'ecs-service'
			? `aws ecs update-service --cluster ${shellQuote(workload.cluster ?? 'default')} --service ${shellQuote(workload.name)} --task-definition ${definition.family} ${awsFlags(context)}`
			: `aws ecs run-task --cluster ${shellQuote(workload.cluster ?? 'default')} --task-definition ${definition.family} ${awsFlags(context)}`;
	const fargate = workload.launchType === 'FARGATE' || definition.requiresCompatibilities.includes('FARGATE');
	return {
		id: 'patch-task-definition',
		title: `Run it on ${target}: a new revision of ${definition.family} with runtimePlatform.cpuArchitecture ${target}`,
		commands: [
			`aws ecs describe-task-definition --task-definition ${name} --query taskDefinition --output json ${awsFlags(context)} | jq ${shellQuote(jq)} > taskdef.json`,
			`aws ecs register-task-definition --cli-input-json file://taskdef.json ${awsFlags(context)}`,
			deploy,
		],
		notes: [
			`The image itself is fine for ${target === 'ARM64' ? 'ARM64 (Graviton)' : 'x86_64'}: this runs the workload where the image can run, without touching the image.`,
			'The read-only fields DescribeTaskDefinition returns are dropped, as RegisterTaskDefinition refuses them.',
			fargate
				? `Fargate runs ${target} tasks on platform version 1.4.0 or later.`
				: `The EC2 launch type needs container instances of that architecture in cluster ${workload.cluster ?? 'default'}; without them the task cannot be placed.`,
		],
	};
}

/** The fixes that can help, in the order an on-call engineer should consider them. */
export function suggestFixes(context: FixContext): FixSuggestion[] {
	const {reference, needed} = context;
	if (!reference?.ecr || !needed) return [];
	if (context.redeployOnly) return [redeployFix(context, reference, needed)];
	if (context.verdict !== 'architecture-mismatch' && context.verdict !== 'platform-missing') return [];
	const fixes: FixSuggestion[] = [];
	if (context.verdict === 'platform-missing') {
		fixes.push(rebuildFix(context, reference, needed), copyIndexFix(context, reference), repushFix(context, reference, needed));
	} else {
		fixes.push(repushFix(context, reference, needed), copyIndexFix(context, reference), rebuildFix(context, reference, needed));
	}
	const isEcs = context.workload.kind === 'ecs-service' || context.workload.kind === 'ecs-task';
	if (isEcs && context.definition) {
		const runnable = context.imagePlatforms
			.map(platform => ecsCpuArchitectureFor(platform))
			.find((architecture): architecture is 'X86_64' | 'ARM64' => architecture !== undefined);
		if (runnable && !context.imagePlatforms.some(platform => isSamePlatform(platform, needed))) fixes.push(patchFix(context, context.definition, runnable));
	}
	return fixes;
}
