/**
 * The ECS service scheduler, run lazily: every API call first brings each service up to
 * the current time. Tasks are planned in full when launched, from what the image really
 * holds and the platform the task runs on, so stopped reasons, exit codes and log lines
 * come out of the same rules AWS follows rather than being placed by hand.
 */
import {makePlatform, platformFromEcsCpuArchitecture, type Platform} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import {SimError} from './errors.js';
import {execFormatErrorLine, runImage} from './image-runtime.js';
import type {Millis, SimCluster, SimContainer, SimContainerInstance, SimDeployment, SimService, SimTask, SimTaskDefinition} from './model.js';

type TaskState = {running: boolean; stopped: boolean};
const accounted = new WeakMap<SimTask, TaskState>();
const processedUntil = new WeakMap<SimService, Millis>();

export function findTaskDefinition(account: SimAccount, reference: string): SimTaskDefinition | undefined {
	const name = reference.startsWith('arn:') ? reference.split('/').at(-1)! : reference;
	const [family, revision] = name.split(':');
	const revisions = account.taskDefinitions.get(family!);
	if (!revisions?.length) return undefined;
	if (revision === undefined) return revisions.filter(definition => definition.status === 'ACTIVE').at(-1);
	return revisions.find(definition => definition.revision === Number(revision));
}

function runtimePlatformOf(definition: SimTaskDefinition, instance?: SimContainerInstance): Platform {
	if (instance) return makePlatform('linux', instance.cpuArchitecture);
	return platformFromEcsCpuArchitecture(definition.runtimePlatform?.cpuArchitecture ?? 'X86_64') ?? makePlatform('linux', 'amd64');
}

function pickInstance(cluster: SimCluster, definition: SimTaskDefinition): SimContainerInstance | undefined {
	const wanted = definition.runtimePlatform?.cpuArchitecture;
	const instances = [...cluster.containerInstances.values()].filter(instance => instance.status === 'ACTIVE');
	if (!wanted) return instances[0];
	const architecture = wanted === 'ARM64' ? 'arm64' : 'x86_64';
	return instances.find(instance => instance.cpuArchitecture === architecture);
}

export function resolveImages(account: SimAccount, definition: SimTaskDefinition): Map<string, string | undefined> {
	const resolved = new Map<string, string | undefined>();
	for (const container of definition.containerDefinitions) {
		resolved.set(container.name, account.lookupImage(container.image)?.manifest.digest);
	}
	return resolved;
}

export type LaunchRequest = {
	readonly cluster: SimCluster;
	readonly definition: SimTaskDefinition;
	readonly launchType: 'FARGATE' | 'EC2';
	readonly group: string;
	readonly startedBy?: string;
	readonly deploymentId?: string;
	readonly resolvedImages?: Map<string, string | undefined>;
	readonly at: Millis;
};

/** Plans a task's whole life: pull, start, and (for a broken image) the exit and its log line. */
export function launchTask(account: SimAccount, request: LaunchRequest): SimTask | undefined {
	const {cluster, definition, at} = request;
	const instance = request.launchType === 'EC2' ? pickInstance(cluster, definition) : undefined;
	if (request.launchType === 'EC2' && !instance) return undefined;
	const platform = runtimePlatformOf(definition, instance);
	const id = account.newId();
	const timing = account.timing;
	const pullStartedAt = at + 1000;
	const pullStoppedAt = at + timing.pullMs;

	let failure: {stopCode: string; stoppedReason: string; at: Millis} | undefined;
	const containers: SimContainer[] = [];
	const logLines: {group: string; stream: string; message: string}[] = [];

	for (const container of definition.containerDefinitions) {
		const digest = request.resolvedImages?.get(container.name) ?? account.lookupImage(container.image)?.manifest.digest;
		const outcome = runImage(account, container.image, digest, platform);
		const simContainer: SimContainer = {name: container.name, image: container.image, runtimeId: `${id}-${container.name}`};
		if (outcome.digest) simContainer.imageDigest = outcome.digest;
		containers.push(simContainer);

		const options = container.logConfiguration?.logDriver === 'awslogs' ? container.logConfiguration.options : undefined;
		const group = options?.['awslogs-group'];
		const prefix = options?.['awslogs-stream-prefix'];
		if (group && !account.logGroups.has(group)) {
			if (options?.['awslogs-create-group'] === 'true') account.createLogGroup(group, at);
			else {
				failure ??= {
					stopCode: 'TaskFailedToStart',
					stoppedReason: `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1`,
					at: at + timing.pullMs / 2,
				};
				continue;
			}
		}
		const essential = container.essential !== false;
		if (outcome.kind === 'pull-failed') {
			simContainer.reason = outcome.reason;
			failure ??= {stopCode: 'TaskFailedToStart', stoppedReason: outcome.reason, at: pullStoppedAt};
		} else if (outcome.kind === 'exec-format-error') {
			simContainer.exitCode = account.runc === 'old' || request.launchType === 'FARGATE' ? 1 : 255;
			if (group && prefix) logLines.push({group, stream: `${prefix}/${container.name}/${id}`, message: execFormatErrorLine(account, outcome.path)});
			if (essential)
				failure ??= {
					stopCode: 'EssentialContainerExited',
					stoppedReason: 'Essential container in task exited',
					at: pullStoppedAt + timing.startMs + timing.failMs,
				};
		} else if (group && prefix) {
			logLines.push({
				group,
				stream: `${prefix}/${container.name}/${id}`,
				message: `${container.name}: listening on :${container.portMappings?.[0]?.containerPort ?? 8080}`,
			});
		}
	}

	const started = failure?.stopCode !== 'TaskFailedToStart';
	const startedAt = started ? pullStoppedAt + timing.startMs : undefined;
	const task: SimTask = {
		id,
		arn: account.arn('ecs', `task/${cluster.name}/${id}`),
		clusterArn: cluster.arn,
		taskDefinitionArn: definition.taskDefinitionArn,
		group: request.group,
		...(request.startedBy ? {startedBy: request.startedBy} : {}),
		launchType: request.launchType,
		...(instance ? {containerInstanceArn: instance.arn} : {}),
		cpuArchitecture: platform.architecture === 'arm64' ? 'arm64' : 'x86_64',
		...(request.deploymentId ? {deploymentId: request.deploymentId} : {}),
		createdAt: at,
		pullStartedAt,
		pullStoppedAt,
		...(startedAt ? {startedAt} : {}),
		...(failure ? {stoppedAt: failure.at, stopCode: failure.stopCode, stoppedReason: failure.stoppedReason} : {}),
		containers,
		outcome: failure ? 'fails' : 'runs',
	};
	// ECS stops the rest of the task when an essential container exits: SIGTERM, then SIGKILL after
	// the stop timeout, which a server that ignores SIGTERM reports as 137.
	if (failure) {
		for (const container of containers) if (container.exitCode === undefined && started) container.exitCode = 137;
	}
	// The line is written as the container starts, before it exits (which may be within milliseconds).
	for (const line of logLines) account.putLogEvent(line.group, line.stream, (startedAt ?? pullStoppedAt) + 1, line.message);
	cluster.tasks.set(id, task);
	accounted.set(task, {running: false, stopped: false});
	return task;
}

function addEvent(account: SimAccount, service: SimService, at: Millis, message: string): void {
	service.events.unshift({id: account.newId().slice(0, 8) + '-' + account.newId().slice(0, 4), createdAt: at, message: `(service ${service.name}) ${message}`});
	if (service.events.length > 100) service.events.length = 100;
}

function failureThreshold(desiredCount: number): number {
	return Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)));
}

function deploymentTasks(cluster: SimCluster, deployment: SimDeployment): SimTask[] {
	return [...cluster.tasks.values()].filter(task => task.deploymentId === deployment.id);
}

export function stopTask(task: SimTask, at: Millis, stopCode: string, reason: string): void {
	if (task.stoppedAt !== undefined && task.stoppedAt <= at) return;
	task.stoppedAt = at;
	task.stopCode = stopCode;
	task.stoppedReason = reason;
	for (const container of task.containers) container.exitCode ??= 0;
}

export function createDeployment(account: SimAccount, service: SimService, definition: SimTaskDefinition, at: Millis): SimDeployment {
	for (const deployment of service.deployments) if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE';
	const deployment: SimDeployment = {
		id: `ecs-svc/${BigInt('0x' + account.newId().slice(0, 15))
			.toString()
			.slice(0, 19)}`,
		status: 'PRIMARY',
		taskDefinition: definition.taskDefinitionArn,
		resolvedImages: resolveImages(account, definition),
		desiredCount: service.desiredCount,
		failedTasks: 0,
		consecutiveFailures: 0,
		rolloutState: 'IN_PROGRESS',
		rolloutStateReason: 'ECS deployment detected.',
		createdAt: at,
		updatedAt: at,
		nextLaunchAt: at,
		launchType: service.launchType,
	};
	service.deployments.unshift(deployment);
	service.taskDefinition = definition.taskDefinitionArn;
	processedUntil.set(service, Math.min(processedUntil.get(service) ?? at, at));
	return deployment;
}

type Step = {at: Millis; run: () => void};

function nextStep(account: SimAccount, cluster: SimCluster, service: SimService, after: Millis): Step | undefined {
	const primary = service.deployments.find(deployment => deployment.status === 'PRIMARY');
	const steps: Step[] = [];
	for (const deployment of service.deployments) {
		for (const task of deploymentTasks(cluster, deployment)) {
			const state = accounted.get(task)!;
			if (task.outcome === 'runs' && !state.running && task.startedAt !== undefined && (task.stoppedAt === undefined || task.startedAt < task.stoppedAt)) {
				steps.push({at: task.startedAt, run: () => onTaskRunning(account, cluster, service, deployment, task)});
			}
			if (!state.stopped && task.stoppedAt !== undefined) {
				steps.push({at: task.stoppedAt, run: () => onTaskStopped(account, service, deployment, task)});
			}
		}
	}
	if (primary && primary.rolloutState !== 'FAILED' && service.status === 'ACTIVE') {
		const active = deploymentTasks(cluster, primary).filter(task => !accounted.get(task)!.stopped).length;
		if (active < primary.desiredCount)
			steps.push({at: Math.max(primary.nextLaunchAt, after), run: () => launchForDeployment(account, cluster, service, primary)});
	}
	steps.sort((a, b) => a.at - b.at);
	return steps[0];
}

function launchForDeployment(account: SimAccount, cluster: SimCluster, service: SimService, deployment: SimDeployment): void {
	const at = Math.max(deployment.nextLaunchAt, processedUntil.get(service) ?? deployment.nextLaunchAt);
	const definition = findTaskDefinition(account, deployment.taskDefinition)!;
	const active = deploymentTasks(cluster, deployment).filter(task => !accounted.get(task)!.stopped).length;
	const launched: string[] = [];
	for (let index = active; index < deployment.desiredCount; index++) {
		const task = launchTask(account, {
			cluster,
			definition,
			launchType: service.launchType,
			group: `service:${service.name}`,
			startedBy: deployment.id,
			deploymentId: deployment.id,
			resolvedImages: deployment.resolvedImages,
			at,
		});
		if (!task) {
			addEvent(
				account,
				service,
				at,
				`was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.`,
			);
			deployment.nextLaunchAt = at + account.timing.maxBackoffMs;
			return;
		}
		launched.push(task.id);
	}
	if (launched.length > 0) addEvent(account, service, at, `has started ${launched.length} tasks: ${launched.map(id => `(task ${id})`).join(' ')}.`);
	deployment.nextLaunchAt = Number.POSITIVE_INFINITY;
}

function onTaskRunning(account: SimAccount, cluster: SimCluster, service: SimService, deployment: SimDeployment, task: SimTask): void {
	accounted.get(task)!.running = true;
	deployment.failedTasks = 0;
	deployment.consecutiveFailures = 0;
	const running = deploymentTasks(cluster, deployment).filter(candidate => accounted.get(candidate)!.running && !accounted.get(candidate)!.stopped).length;
	if (deployment.status === 'PRIMARY' && running >= deployment.desiredCount && deployment.rolloutState === 'IN_PROGRESS') {
		const at = task.startedAt!;
		deployment.rolloutState = 'COMPLETED';
		deployment.rolloutStateReason = 'ECS deployment completed.';
		deployment.updatedAt = at;
		for (const old of service.deployments) {
			if (old === deployment) continue;
			for (const oldTask of deploymentTasks(cluster, old))
				stopTask(oldTask, at + 1, 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${deployment.id})`);
			old.status = 'INACTIVE';
		}
		service.deployments = service.deployments.filter(candidate => candidate.status !== 'INACTIVE');
		addEvent(account, service, at, `(deployment ${deployment.id}) deployment completed.`);
		addEvent(account, service, at + 1, 'has reached a steady state.');
	}
}

function onTaskStopped(account: SimAccount, service: SimService, deployment: SimDeployment, task: SimTask): void {
	const state = accounted.get(task)!;
	state.stopped = true;
	const at = task.stoppedAt!;
	if (task.stopCode === 'ServiceSchedulerInitiated') return;
	if (state.running) addEvent(account, service, at, `has stopped 1 running tasks: (task ${task.id}).`);
	deployment.failedTasks++;
	deployment.consecutiveFailures++;
	deployment.updatedAt = at;
	if (deployment.status !== 'PRIMARY') return;
	if (service.circuitBreaker.enable && deployment.failedTasks >= failureThreshold(deployment.desiredCount)) {
		deployment.rolloutState = 'FAILED';
		deployment.rolloutStateReason = `ECS deployment circuit breaker: tasks failed to start.`;
		addEvent(account, service, at, `(deployment ${deployment.id}) deployment failed: tasks failed to start.`);
		const previous = service.deployments.find(candidate => candidate !== deployment && candidate.rolloutState === 'COMPLETED');
		if (service.circuitBreaker.rollback && previous) {
			addEvent(account, service, at, `rolling back to deployment ${previous.id}.`);
			const definition = findTaskDefinition(account, previous.taskDefinition)!;
			createDeployment(account, service, definition, at);
		}
		return;
	}
	const backoff = Math.min(account.timing.backoffMs * 2 ** (deployment.consecutiveFailures - 1), account.timing.maxBackoffMs);
	deployment.nextLaunchAt = at + backoff;
}

function advanceService(account: SimAccount, cluster: SimCluster, service: SimService, now: Millis): void {
	let cursor = processedUntil.get(service) ?? service.createdAt;
	for (let guard = 0; guard < 100_000; guard++) {
		const step = nextStep(account, cluster, service, cursor);
		if (!step || step.at > now) break;
		cursor = Math.max(cursor, step.at);
		processedUntil.set(service, cursor);
		step.run();
	}
	processedUntil.set(service, Math.max(cursor, now));
}

export function installEcsEngine(account: SimAccount): void {
	account.advanceHooks.push(now => {
		for (const cluster of account.clusters.values()) {
			for (const service of cluster.services.values()) advanceService(account, cluster, service, now);
		}
	});
}

export function requireCluster(account: SimAccount, reference: string | undefined): SimCluster {
	const name = (reference ?? 'default').split('/').at(-1)!;
	const cluster = account.clusters.get(name);
	if (!cluster) throw new SimError('ClusterNotFoundException', 'Cluster not found.');
	return cluster;
}
