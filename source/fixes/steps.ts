/**
 * The steps a fix is made of. Each is shown exactly as it runs (the dry run prints `display`),
 * and each change it makes is returned with the command that undoes it.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import type {AccountPort, AppRunnerOperation, AppRunnerService} from '../ports/account.js';
import {appRunnerImageCommand, shellQuote} from '../diagnosis/fix-suggestions.js';
import {arnName} from '../diagnosis/signatures.js';
import {isAwsError} from '../errors.js';
import {plural} from '../text.js';
import {parseManifest, platformsOfIndex} from '../registry/manifest.js';
import {formatPlatform, makePlatform, runsOn, type Platform} from '../registry/platform.js';
import type {DockerPort, FixAws, RegisteredTaskDefinition, RegistryLogin} from '../ports/fix.js';
import {registerInputFrom, type TaskDefinitionChange} from './task-definition.js';
import type {Change, PlannedStep} from './types.js';

/** A step that could not be done; nothing after it runs. */
export class StepFailure extends Error {
	override readonly name = 'StepFailure';
}

export type RunMemory = {
	login?: RegistryLogin;
	registered?: RegisteredTaskDefinition;
	deploymentId?: string;
	operationId?: string;
	pushedDigest?: string;
	/** App Runner operations that existed before the fix: any other one was started by it. */
	knownOperations?: ReadonlySet<string>;
};

export type RunContext = {
	readonly aws: FixAws;
	readonly account: AccountPort;
	readonly docker: DockerPort;
	readonly memory: RunMemory;
	readonly signal?: AbortSignal;
	/** How often to ask AWS again while waiting, and how long a step may wait. */
	readonly pollMs: number;
	readonly waitMs: number;
};

export type StepOutcome = {readonly detail?: string; readonly change?: Omit<Change, 'step'>};

export type ExecStep = PlannedStep & {run(context: RunContext): Promise<StepOutcome>};

const firstLine = (text: string) =>
	text
		.split('\n')
		.find(line => line.trim())
		?.trim() ?? '';

async function docker(context: RunContext, args: readonly string[], input?: string): Promise<string> {
	const result = await context.docker.run(args, {...(input === undefined ? {} : {input}), ...(context.signal ? {signal: context.signal} : {})});
	if (result.exitCode !== 0)
		throw new StepFailure(`docker ${args[0]} failed: ${firstLine(result.stderr) || firstLine(result.stdout) || `exit code ${result.exitCode}`}`);
	return result.stdout;
}

export function tokenStep(registryId: string): ExecStep {
	return {
		id: 'ecr-token',
		title: 'Get a login token for ECR',
		kind: 'aws',
		display: `ecr:GetAuthorizationToken registryIds=["${registryId}"]`,
		mutating: false,
		async run(context) {
			context.memory.login = await context.aws.getAuthorizationToken(registryId);
			return {detail: `token for ${context.memory.login.registry}, valid for 12 hours`};
		},
	};
}

export function loginStep(registry: string): ExecStep {
	return {
		id: 'docker-login',
		title: 'Log docker in to ECR',
		kind: 'docker',
		display: `docker login --username AWS --password-stdin ${registry}   # the token's password on stdin, never in argv`,
		mutating: false,
		async run(context) {
			const login = context.memory.login;
			if (!login) throw new StepFailure('No ECR token: the token step did not run.');
			await docker(context, ['login', '--username', login.username, '--password-stdin', login.registry], login.password);
			return {detail: `logged in to ${login.registry}`};
		},
	};
}

export function pullStep(source: string, platform: Platform): ExecStep {
	const args = ['pull', '--platform', formatPlatform(platform), source];
	return {
		id: 'docker-pull',
		title: `Pull ${formatPlatform(platform)} of ${source}`,
		kind: 'docker',
		display: `docker ${args.join(' ')}`,
		mutating: false,
		async run(context) {
			await docker(context, args);
			return {detail: `pulled ${source}`};
		},
	};
}

type InspectedImage = {Os?: string; Architecture?: string; Variant?: string};

const inspected = (details: InspectedImage) => makePlatform(details.Os ?? 'unknown', details.Architecture ?? 'unknown', details.Variant);

/**
 * After `docker pull --platform`, the local image must really be that platform. Under the
 * containerd image store a tag holds every variant pulled so far, and a plain inspect shows this
 * machine's (arm64 on a Mac that pulled the image before), so the check names the platform.
 */
export function checkPulledStep(source: string, platform: Platform, containerdImageStore: boolean): ExecStep {
	const wanted = formatPlatform(platform);
	const plain = ['image', 'inspect', '--format', '{{json .}}', source];
	const args = containerdImageStore ? ['image', 'inspect', '--platform', wanted, '--format', '{{json .}}', source] : plain;
	const notThere = `${source} holds no ${wanted} (docker pulls a single-platform image as it is). Nothing was pushed; pass --source with an image that has ${wanted}.`;
	return {
		id: 'check-pulled',
		title: `Check that the pulled image is ${wanted}`,
		kind: 'check',
		display: `docker ${args.map(argument => shellQuote(argument)).join(' ')}   # Os/Architecture must be ${wanted}`,
		mutating: false,
		async run(context) {
			const runOptions = context.signal ? {signal: context.signal} : {};
			let result = await context.docker.run(args, runOptions);
			const oldCli = containerdImageStore && result.exitCode !== 0 && /unknown flag: --platform/.test(result.stderr);
			if (oldCli) result = await context.docker.run(plain, runOptions);
			if (result.exitCode !== 0) {
				if (/does not provide the specified platform/.test(result.stderr)) throw new StepFailure(`The pull did not give ${wanted}: ${notThere}`);
				throw new StepFailure(`docker image inspect failed: ${firstLine(result.stderr) || firstLine(result.stdout) || `exit code ${result.exitCode}`}`);
			}
			const pulled = inspected(JSON.parse(result.stdout) as InspectedImage);
			if (runsOn(pulled, platform)) return {detail: `${source} is ${formatPlatform(pulled)}`};
			if (oldCli) {
				throw new StepFailure(
					`docker image inspect shows ${formatPlatform(pulled)}, which under the containerd image store may only be this machine's variant; this Docker CLI is older than 28.1 and cannot inspect ${wanted} alone. Nothing was pushed: upgrade Docker, or use --strategy copy-index.`,
				);
			}
			throw new StepFailure(`The pulled image is ${formatPlatform(pulled)}, not ${wanted}: ${notThere}`);
		},
	};
}

export function tagStep(source: string, destination: string): ExecStep {
	return {
		id: 'docker-tag',
		title: `Tag it as ${destination}`,
		kind: 'docker',
		display: `docker tag ${source} ${destination}`,
		mutating: false,
		async run(context) {
			await docker(context, ['tag', source, destination]);
			return {detail: `tagged ${destination}`};
		},
	};
}

export type TagUndo = {
	readonly region: string;
	readonly repository: string;
	readonly tag: string;
	readonly previousDigest?: string;
	readonly mediaType?: string;
};

/** The exact commands that put a tag back where it was, or remove a tag that is new. */
export function tagUndo(undo: TagUndo): string {
	const flags = `--repository-name ${undo.repository} --region ${undo.region}`;
	if (!undo.previousDigest) return `aws ecr batch-delete-image ${flags} --image-ids imageTag=${undo.tag}`;
	const type = undo.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json';
	return `aws ecr batch-get-image ${flags} --image-ids imageDigest=${undo.previousDigest} --accepted-media-types ${type} --query 'images[0].imageManifest' --output text > previous-manifest.json && aws ecr put-image ${flags} --image-tag ${undo.tag} --image-manifest file://previous-manifest.json --image-manifest-media-type ${type}`;
}

function pushedDigest(output: string): string | undefined {
	return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1];
}

function tagChange(destination: string, digest: string | undefined, undo: TagUndo): Omit<Change, 'step'> {
	return {
		description: `ECR ${destination} now points to ${digest ?? 'the pushed image'}${undo.previousDigest ? ` (was ${undo.previousDigest})` : ' (a new tag)'}`,
		undo: tagUndo(undo),
	};
}

export function pushStep(destination: string, platform: Platform | undefined, undo: TagUndo): ExecStep {
	const args = ['push', ...(platform ? ['--platform', formatPlatform(platform)] : []), destination];
	return {
		id: 'docker-push',
		title: `Push ${destination}`,
		kind: 'docker',
		display: `docker ${args.join(' ')}`,
		mutating: true,
		async run(context) {
			const digest = pushedDigest(await docker(context, args));
			if (digest) context.memory.pushedDigest = digest;
			return {detail: `pushed ${digest ?? destination}`, change: tagChange(destination, digest, undo)};
		},
	};
}

export function checkIndexStep(source: string, platform: Platform): ExecStep {
	const args = ['buildx', 'imagetools', 'inspect', '--raw', source];
	return {
		id: 'check-index',
		title: `Check that ${source} is an index with ${formatPlatform(platform)}`,
		kind: 'check',
		display: `docker ${args.join(' ')}   # must be an index listing ${formatPlatform(platform)}`,
		mutating: false,
		async run(context) {
			const manifest = parseManifest(await docker(context, args));
			if (manifest.kind !== 'index')
				throw new StepFailure(`${source} is a single-platform image, not an index: copying it copies no ${formatPlatform(platform)}. Nothing was copied.`);
			const platforms = platformsOfIndex(manifest.entries).runnable.map(entry => entry.platform);
			if (!platforms.some(candidate => runsOn(candidate, platform))) {
				throw new StepFailure(
					`${source} lists ${platforms.map(formatPlatform).join(', ') || 'no runnable platform'}, not ${formatPlatform(platform)}. Nothing was copied.`,
				);
			}
			return {detail: `${source} lists ${platforms.map(formatPlatform).join(', ')}`};
		},
	};
}

export function copyIndexStep(source: string, destination: string, undo: TagUndo): ExecStep {
	const args = ['buildx', 'imagetools', 'create', '-t', destination, source];
	return {
		id: 'copy-index',
		title: `Copy the whole index of ${source} to ${destination}`,
		kind: 'docker',
		display: `docker ${args.join(' ')}`,
		mutating: true,
		async run(context) {
			const digest = pushedDigest(await docker(context, args));
			if (digest) context.memory.pushedDigest = digest;
			return {detail: `copied ${source}`, change: tagChange(destination, digest, undo)};
		},
	};
}

export function buildStep(destination: string, platform: Platform, cwd: string, undo: TagUndo): ExecStep {
	const args = ['buildx', 'build', '--platform', formatPlatform(platform), '-t', destination, '--push', cwd];
	return {
		id: 'docker-build',
		title: `Build ${formatPlatform(platform)} from ${cwd} and push it`,
		kind: 'docker',
		display: `docker ${args.map(argument => shellQuote(argument)).join(' ')}`,
		mutating: true,
		async run(context) {
			const digest = pushedDigest(await docker(context, args));
			if (digest) context.memory.pushedDigest = digest;
			return {detail: `built and pushed ${destination}`, change: tagChange(destination, digest, undo)};
		},
	};
}

export function registerStep(options: {taskDefinition: string; change: TaskDefinitionChange; region: string; summary: string}): ExecStep {
	return {
		id: 'register-task-definition',
		title: `Register a new revision of ${options.taskDefinition.split('/').at(-1)!.split(':')[0]}`,
		kind: 'aws',
		display: `ecs:DescribeTaskDefinition taskDefinition=${options.taskDefinition.split('/').at(-1)} include=[TAGS], then ecs:RegisterTaskDefinition with ${options.summary} (read-only fields dropped, tags kept)`,
		mutating: true,
		async run(context) {
			const {document, tags} = await context.aws.describeTaskDefinitionDocument(options.taskDefinition);
			const registered = await context.aws.registerTaskDefinition(registerInputFrom(document, tags, options.change));
			context.memory.registered = registered;
			return {
				detail: `registered ${registered.family}:${registered.revision}`,
				change: {
					description: `registered task definition ${registered.family}:${registered.revision}`,
					undo: `aws ecs deregister-task-definition --task-definition ${registered.family}:${registered.revision} --region ${options.region}`,
				},
			};
		},
	};
}

/**
 * Moves the service to a revision and so starts a deployment: the one registered in an earlier
 * step, or `taskDefinition` (the failing revision again, after a rollback, once its image is fixed).
 */
export function updateServiceStep(options: {
	cluster: string;
	service: string;
	previousTaskDefinition: string;
	region: string;
	taskDefinition?: string;
}): ExecStep {
	const previous = arnName(options.previousTaskDefinition);
	const named = options.taskDefinition ? arnName(options.taskDefinition) : undefined;
	return {
		id: 'update-service',
		title: named ? `Deploy ${named} again on service ${options.service}, so ECS resolves its tag anew` : `Point service ${options.service} at the new revision`,
		kind: 'aws',
		display: `ecs:UpdateService cluster=${options.cluster} service=${options.service} taskDefinition=${named ?? '<the revision registered above>'}`,
		mutating: true,
		async run(context) {
			const {registered} = context.memory;
			const target =
				options.taskDefinition && named
					? {arn: options.taskDefinition, name: named}
					: registered && {arn: registered.arn, name: `${registered.family}:${registered.revision}`};
			if (!target) throw new StepFailure('No new revision was registered.');
			const {name} = target;
			const {deploymentId} = await context.aws.updateService({cluster: options.cluster, service: options.service, taskDefinition: target.arn});
			if (deploymentId) context.memory.deploymentId = deploymentId;
			return {
				detail: `deployment ${deploymentId ?? 'started'} of ${name}`,
				change: {
					description: `service ${options.service} now runs ${name} (was ${previous})`,
					undo: `aws ecs update-service --cluster ${options.cluster} --service ${options.service} --task-definition ${previous} --region ${options.region}`,
				},
			};
		},
	};
}

export function forceDeploymentStep(options: {cluster: string; service: string; region: string; tag: string}): ExecStep {
	return {
		id: 'force-new-deployment',
		title: `Start a new deployment of ${options.service}, so ECS resolves :${options.tag} again`,
		kind: 'aws',
		display: `ecs:UpdateService cluster=${options.cluster} service=${options.service} forceNewDeployment=true`,
		mutating: true,
		async run(context) {
			const {deploymentId} = await context.aws.updateService({cluster: options.cluster, service: options.service, forceNewDeployment: true});
			if (deploymentId) context.memory.deploymentId = deploymentId;
			return {
				detail: `deployment ${deploymentId ?? 'started'}`,
				change: {
					description: `started deployment ${deploymentId ?? ''} of ${options.service}`.replace('  ', ' '),
					undo: `after putting the tag back (above): aws ecs update-service --cluster ${options.cluster} --service ${options.service} --force-new-deployment --region ${options.region}`,
				},
			};
		},
	};
}

/** A deployment App Runner started after the fix began (automatic deployments start one per push). */
async function newDeployment(context: RunContext, serviceArn: string): Promise<AppRunnerOperation | undefined> {
	const known = context.memory.knownOperations;
	if (!known) return undefined;
	const operations = await context.account.listAppRunnerOperations(serviceArn, 5);
	return operations.find(operation => operation.type === 'START_DEPLOYMENT' && !known.has(operation.id));
}

async function awaitNewDeployment(context: RunContext, serviceArn: string): Promise<AppRunnerOperation | undefined> {
	const deadline = Date.now() + context.waitMs;
	for (;;) {
		const found = await newDeployment(context, serviceArn);
		if (found || Date.now() >= deadline) return found;
		await sleep(context.pollMs, undefined, context.signal ? {signal: context.signal} : {});
	}
}

/**
 * After a push to the tag the service runs: with automatic deployments on, App Runner starts the
 * deployment itself and a StartDeployment would collide with it, so the step waits for that one
 * first and starts a deployment only when none comes.
 */
export function startAppRunnerDeploymentStep(serviceArn: string, region: string, automatic: boolean): ExecStep {
	const start = `apprunner:StartDeployment ServiceArn=${serviceArn}`;
	return {
		id: 'start-deployment',
		title: automatic
			? 'Let App Runner deploy the pushed image (automatic deployments are on), or start the deployment'
			: 'Start an App Runner deployment, which pulls the image again',
		kind: 'aws',
		display: automatic ? `apprunner:ListOperations ServiceArn=${serviceArn} until the deployment the push starts appears; if none does, ${start}` : start,
		mutating: true,
		async run(context) {
			const adopt = (operation: AppRunnerOperation) => {
				context.memory.operationId = operation.id;
				return {
					detail: `automatic deployment ${operation.id}, started by App Runner after the push`,
					change: {
						description: `App Runner started deployment ${operation.id} by itself after the push`,
						undo: 'after putting the tag back (above), App Runner deploys it by itself (automatic deployments are on)',
					},
				};
			};
			const automaticOne = automatic ? await awaitNewDeployment(context, serviceArn) : undefined;
			if (automaticOne) return adopt(automaticOne);
			let operationId: string;
			try {
				({operationId} = await context.aws.startAppRunnerDeployment(serviceArn));
			} catch (error) {
				// The push's own deployment can start between the last look and this call.
				const collided = isAwsError(error, 'conflict') ? await newDeployment(context, serviceArn) : undefined;
				if (collided) return adopt(collided);
				throw error;
			}
			context.memory.operationId = operationId;
			return {
				detail: `operation ${operationId}`,
				change: {
					description: `started App Runner deployment ${operationId}`,
					undo: `after putting the tag back (above): aws apprunner start-deployment --service-arn ${serviceArn} --region ${region}`,
				},
			};
		},
	};
}

/** What UpdateService carries over from the service as it is, in words: never the values. */
export function keptConfiguration(service: AppRunnerService): string {
	return [
		service.port ? `port ${service.port}` : undefined,
		service.startCommand ? 'start command' : undefined,
		service.environmentVariableNames.length > 0 ? plural(service.environmentVariableNames.length, 'environment variable') : undefined,
		service.secretNames.length > 0 ? plural(service.secretNames.length, 'secret') : undefined,
		service.accessRoleArn ? 'ECR access role' : undefined,
		service.autoDeploymentsEnabled === undefined ? undefined : `automatic deployments ${service.autoDeploymentsEnabled ? 'on' : 'off'}`,
	]
		.filter(Boolean)
		.join(', ');
}

export function updateAppRunnerStep(options: {
	serviceArn: string;
	region: string;
	imageIdentifier: string;
	previousImageIdentifier: string;
	kept: string;
	reason: string;
}): ExecStep {
	const {serviceArn, imageIdentifier} = options;
	return {
		id: 'update-apprunner',
		title: `Update the App Runner service (${options.reason})`,
		kind: 'aws',
		display: `apprunner:DescribeService ServiceArn=${serviceArn}, then apprunner:UpdateService with the SourceConfiguration it returns and ImageRepository.ImageIdentifier=${imageIdentifier}${options.kept ? ` (kept as they are: ${options.kept})` : ''}`,
		mutating: true,
		async run(context) {
			const {operationId} = await context.aws.updateAppRunnerImage(serviceArn, imageIdentifier);
			context.memory.operationId = operationId;
			const undo = appRunnerImageCommand(serviceArn, options.previousImageIdentifier, `--region ${options.region}`);
			// Same identifier: a rebuild on what the tag names now; its undo is the tag's, then the same update.
			const change =
				imageIdentifier === options.previousImageIdentifier
					? {description: `App Runner service rebuilt from ${imageIdentifier} (operation ${operationId})`, undo: `after putting the tag back (above): ${undo}`}
					: {description: `App Runner service now deploys ${imageIdentifier} (was ${options.previousImageIdentifier}; operation ${operationId})`, undo};
			return {detail: `operation ${operationId}`, change};
		},
	};
}
