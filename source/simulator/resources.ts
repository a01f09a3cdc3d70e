import type {BuiltImage} from '../registry/image-builder.js';
import type {SimAccount} from './account.js';
import {cpuUnits, isFargateSize, memoryMiB} from './fargate-sizes.js';
import {startOperation} from './apprunner-engine.js';
import {createDeployment, findTaskDefinition, launchTask} from './ecs-engine.js';
import {clientException} from './errors.js';
import type {Millis, SimAppRunnerService, SimCluster, SimContainerDefinition, SimContainerInstance, SimService, SimTask, SimTaskDefinition} from './model.js';

export function createCluster(account: SimAccount, name: string): SimCluster {
	const existing = account.clusters.get(name);
	if (existing) return existing;
	const cluster: SimCluster = {name, arn: account.arn('ecs', `cluster/${name}`), services: new Map(), tasks: new Map(), containerInstances: new Map()};
	account.clusters.set(name, cluster);
	return cluster;
}

export function addContainerInstance(
	account: SimAccount,
	cluster: SimCluster,
	cpuArchitecture: 'x86_64' | 'arm64',
	at: Millis = account.now(),
): SimContainerInstance {
	const id = account.newId();
	const instance: SimContainerInstance = {
		arn: account.arn('ecs', `container-instance/${cluster.name}/${id}`),
		ec2InstanceId: `i-${id.slice(0, 17)}`,
		cpuArchitecture,
		status: 'ACTIVE',
		registeredAt: at,
	};
	cluster.containerInstances.set(id, instance);
	return instance;
}

export type TaskDefinitionInput = {
	family: string;
	containerDefinitions: SimContainerDefinition[];
	requiresCompatibilities?: string[];
	networkMode?: string;
	cpu?: string;
	memory?: string;
	executionRoleArn?: string;
	taskRoleArn?: string;
	runtimePlatform?: {cpuArchitecture?: string; operatingSystemFamily?: string};
	tags?: {key: string; value: string}[];
	[key: string]: unknown;
};

const validArchitectures = new Set(['X86_64', 'ARM64']);

/** What RegisterTaskDefinition refuses in the containers, in ECS's words. */
function checkContainers(containers: readonly SimContainerDefinition[]): void {
	for (const container of containers) {
		if (typeof container.name !== 'string' || container.name === '') throw clientException('Container.name should not be null or empty.');
		if (typeof container.image !== 'string' || container.image === '') throw clientException('Container.image should not be null or empty.');
	}
	// Essential is true unless set false; a task needs one. (AWS's exact wording here is not on record.)
	if (containers.every(container => container.essential === false)) throw clientException('Task definition does not have any essential container.');
}

/** Fargate needs task-level cpu and memory, as a size it offers, and awsvpc networking. */
function checkFargate(input: TaskDefinitionInput): void {
	if ((input.networkMode ?? 'awsvpc') !== 'awsvpc') throw clientException('Fargate only supports network mode ‘awsvpc’.');
	if (input.cpu === undefined || input.cpu === '') throw clientException("Fargate requires that 'cpu' be defined at the task level.");
	if (input.memory === undefined || input.memory === '') throw clientException("Fargate requires that 'memory' be defined at the task level.");
	const cpu = cpuUnits(String(input.cpu));
	const memory = memoryMiB(String(input.memory));
	if (cpu === undefined) throw clientException("Invalid 'cpu' setting for task.");
	if (memory === undefined) throw clientException("Invalid 'memory' setting for task.");
	if (!isFargateSize(cpu, memory)) {
		throw clientException(
			`No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
		);
	}
}

/** Registers the next revision of a family, with the read-only fields ECS adds. */
export function registerTaskDefinition(account: SimAccount, input: TaskDefinitionInput, at: Millis = account.now()): SimTaskDefinition {
	if (!input.family || !/^[A-Za-z0-9_-]{1,255}$/.test(input.family)) throw clientException('Family contains invalid characters.');
	if (!Array.isArray(input.containerDefinitions) || input.containerDefinitions.length === 0) throw clientException('Container list cannot be empty.');
	const architecture = input.runtimePlatform?.cpuArchitecture;
	if (architecture !== undefined && !validArchitectures.has(architecture)) {
		throw clientException(`Invalid 'cpuArchitecture' setting. Valid values are X86_64 and ARM64.`);
	}
	checkContainers(input.containerDefinitions);
	const fargate = input.requiresCompatibilities?.includes('FARGATE') ?? false;
	if (fargate) checkFargate(input);
	const revisions = account.taskDefinitions.get(input.family) ?? [];
	const revision = (revisions.at(-1)?.revision ?? 0) + 1;
	const {tags, ...body} = input;
	const requiresAttributes = [
		{name: 'com.amazonaws.ecs.capability.logging-driver.awslogs'},
		{name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19'},
		...(fargate ? [{name: 'ecs.capability.execution-role-awslogs'}, {name: 'ecs.capability.task-eni'}] : []),
		...(architecture === 'ARM64' ? [{name: 'ecs.cpu-architecture'}] : []),
	];
	const definition: SimTaskDefinition = {
		...body,
		containerDefinitions: input.containerDefinitions.map(container => ({essential: true, ...container})),
		taskDefinitionArn: account.arn('ecs', `task-definition/${input.family}:${revision}`),
		family: input.family,
		revision,
		status: 'ACTIVE',
		...(fargate ? {networkMode: 'awsvpc'} : {}),
		compatibilities: fargate ? ['EC2', 'FARGATE'] : ['EC2'],
		requiresAttributes,
		registeredAt: at,
		registeredBy: account.principalArn,
		tags: tags ?? [],
	};
	revisions.push(definition);
	account.taskDefinitions.set(input.family, revisions);
	return definition;
}

export type ServiceInput = {
	cluster: SimCluster;
	name: string;
	taskDefinition: string;
	desiredCount?: number;
	launchType?: 'FARGATE' | 'EC2';
	circuitBreaker?: {enable: boolean; rollback: boolean};
	createdAt?: Millis;
};

export function createService(account: SimAccount, input: ServiceInput): SimService {
	const definition = findTaskDefinition(account, input.taskDefinition);
	if (!definition) throw clientException('TaskDefinition not found.');
	const at = input.createdAt ?? account.now();
	const service: SimService = {
		name: input.name,
		arn: account.arn('ecs', `service/${input.cluster.name}/${input.name}`),
		clusterArn: input.cluster.arn,
		status: 'ACTIVE',
		taskDefinition: definition.taskDefinitionArn,
		desiredCount: input.desiredCount ?? 1,
		launchType: input.launchType ?? 'FARGATE',
		deploymentController: 'ECS',
		circuitBreaker: input.circuitBreaker ?? {enable: false, rollback: false},
		deployments: [],
		events: [],
		createdAt: at,
	};
	input.cluster.services.set(input.name, service);
	createDeployment(account, service, definition, at);
	return service;
}

/** A standalone task, as `RunTask` starts one (group `family:<family>`). */
export function runStandaloneTask(
	account: SimAccount,
	cluster: SimCluster,
	taskDefinition: string,
	launchType: 'FARGATE' | 'EC2',
	at: Millis = account.now(),
): SimTask | undefined {
	const definition = findTaskDefinition(account, taskDefinition);
	if (!definition) throw clientException('TaskDefinition not found.');
	return launchTask(account, {cluster, definition, launchType, group: `family:${definition.family}`, at});
}

export type AppRunnerServiceInput = {
	name: string;
	imageIdentifier: string;
	port?: string;
	startCommand?: string;
	environmentVariables?: Record<string, string>;
	environmentSecrets?: Record<string, string>;
	/** App Runner's default: on for an ECR repository of the same account, off for ECR Public. */
	autoDeploymentsEnabled?: boolean;
	createdAt?: Millis;
};

export function createAppRunnerService(account: SimAccount, input: AppRunnerServiceInput): SimAppRunnerService {
	const id = account.newId();
	const at = input.createdAt ?? account.now();
	const publicImage = input.imageIdentifier.startsWith('public.ecr.aws/');
	const service: SimAppRunnerService = {
		name: input.name,
		id,
		arn: account.arn('apprunner', `service/${input.name}/${id}`),
		url: `${id.slice(0, 10)}.${account.region}.awsapprunner.com`,
		settledStatus: 'CREATE_FAILED',
		imageIdentifier: input.imageIdentifier,
		imageRepositoryType: publicImage ? 'ECR_PUBLIC' : 'ECR',
		autoDeploymentsEnabled: input.autoDeploymentsEnabled ?? !publicImage,
		...(publicImage ? {} : {accessRoleArn: `arn:aws:iam::${account.accountId}:role/service-role/AppRunnerECRAccessRole`}),
		port: input.port ?? '8080',
		...(input.startCommand ? {startCommand: input.startCommand} : {}),
		environmentVariables: {...input.environmentVariables},
		environmentSecrets: {...input.environmentSecrets},
		createdAt: at,
		updatedAt: at,
		operations: [],
	};
	account.appRunnerServices.set(service.arn, service);
	startOperation(account, service, 'CREATE_SERVICE', at);
	return service;
}

/** A Fargate task definition of one container logging with awslogs (prefix `ecs`): the usual shape. */
export function registerFargateApp(
	account: SimAccount,
	app: {readonly family: string; readonly image: string; readonly logGroup: string; readonly container?: string},
	at: Millis = account.now(),
): SimTaskDefinition {
	return registerTaskDefinition(
		account,
		{
			family: app.family,
			containerDefinitions: [
				{
					name: app.container ?? app.family,
					image: app.image,
					logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': app.logGroup, 'awslogs-stream-prefix': 'ecs'}},
				},
			],
			requiresCompatibilities: ['FARGATE'],
			networkMode: 'awsvpc',
			cpu: '256',
			memory: '512',
		},
		at,
	);
}

/**
 * Fargate (x86_64) service `app` in cluster `team` running `image` as `team/app:v1`, logging to
 * `/ecs/app`: created ten hours ago, pushed three, running two; its history played up to `now`.
 */
export function addTeamApp(account: SimAccount, image: BuiltImage, now: Millis = account.now()): SimAccount {
	const hour = 3_600_000;
	account.createRepository('team/app', {createdAt: now - 10 * hour});
	account.pushImage('team/app', image, 'v1', now - 3 * hour);
	account.createLogGroup('/ecs/app', now - 10 * hour);
	const cluster = createCluster(account, 'team');
	registerFargateApp(account, {family: 'app', image: `${account.registryHost}/team/app:v1`, logGroup: '/ecs/app'}, now - 2.5 * hour);
	createService(account, {cluster, name: 'app', taskDefinition: 'app', createdAt: now - 2 * hour});
	account.advance(now);
	return account;
}
