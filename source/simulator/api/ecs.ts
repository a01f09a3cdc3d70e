import type {SimAccount} from '../account.js';
import {findTaskDefinition, requireCluster} from '../ecs-engine.js';
import {SimError, clientException, invalidParameter} from '../errors.js';
import type {SimCluster, SimContainerInstance, SimService, SimTask, SimTaskDefinition} from '../model.js';
import {page} from '../pagination.js';
import {compact, seconds, type Handler, type Input} from './context.js';

function taskStatus(task: SimTask, now: number): {lastStatus: string; desiredStatus: string; stopped: boolean} {
	const stopped = task.stoppedAt !== undefined && task.stoppedAt <= now;
	if (stopped) return {lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopped};
	if (task.startedAt !== undefined && task.startedAt <= now) return {lastStatus: 'RUNNING', desiredStatus: 'RUNNING', stopped};
	if (task.pullStartedAt !== undefined && task.pullStartedAt <= now) return {lastStatus: 'PENDING', desiredStatus: 'RUNNING', stopped};
	return {lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', stopped};
}

function isVisible(account: SimAccount, task: SimTask, now: number): boolean {
	if (task.createdAt > now) return false;
	return task.stoppedAt === undefined || task.stoppedAt > now || now - task.stoppedAt <= account.timing.stoppedTaskVisibilityMs;
}

export function taskShape(task: SimTask, now: number) {
	const {lastStatus, desiredStatus, stopped} = taskStatus(task, now);
	const pulled = task.pullStoppedAt !== undefined && task.pullStoppedAt <= now;
	return compact({
		taskArn: task.arn,
		clusterArn: task.clusterArn,
		taskDefinitionArn: task.taskDefinitionArn,
		group: task.group,
		startedBy: task.startedBy,
		launchType: task.launchType,
		capacityProviderName: task.launchType === 'FARGATE' ? 'FARGATE' : undefined,
		platformVersion: task.launchType === 'FARGATE' ? '1.4.0' : undefined,
		platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
		containerInstanceArn: task.containerInstanceArn,
		lastStatus,
		desiredStatus,
		attributes: [{name: 'ecs.cpu-architecture', value: task.cpuArchitecture}],
		createdAt: seconds(task.createdAt),
		pullStartedAt: task.pullStartedAt !== undefined && task.pullStartedAt <= now ? seconds(task.pullStartedAt) : undefined,
		pullStoppedAt: pulled ? seconds(task.pullStoppedAt) : undefined,
		startedAt: task.startedAt !== undefined && task.startedAt <= now ? seconds(task.startedAt) : undefined,
		stoppingAt: stopped ? seconds(task.stoppedAt) : undefined,
		stoppedAt: stopped ? seconds(task.stoppedAt) : undefined,
		stopCode: stopped ? task.stopCode : undefined,
		stoppedReason: stopped ? task.stoppedReason : undefined,
		containers: task.containers.map(container =>
			compact({
				containerArn: `${task.arn.replace(':task/', ':container/')}/${container.name}`,
				taskArn: task.arn,
				name: container.name,
				image: container.image,
				imageDigest: pulled ? container.imageDigest : undefined,
				runtimeId: task.startedAt !== undefined && task.startedAt <= now ? container.runtimeId : undefined,
				lastStatus: stopped ? 'STOPPED' : lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING',
				exitCode: stopped ? container.exitCode : undefined,
				reason: stopped ? container.reason : undefined,
			}),
		),
	});
}

function serviceShape(cluster: SimCluster, service: SimService, now: number, withTags = false) {
	const tasks = [...cluster.tasks.values()].filter(task => task.group === `service:${service.name}` && task.createdAt <= now);
	const count = (deploymentId: string | undefined, status: string) =>
		tasks.filter(task => (deploymentId === undefined || task.deploymentId === deploymentId) && taskStatus(task, now).lastStatus === status).length;
	const pending = (deploymentId?: string) => count(deploymentId, 'PENDING') + count(deploymentId, 'PROVISIONING');
	return compact({
		serviceArn: service.arn,
		serviceName: service.name,
		clusterArn: service.clusterArn,
		status: service.status,
		taskDefinition: service.taskDefinition,
		desiredCount: service.desiredCount,
		runningCount: count(undefined, 'RUNNING'),
		pendingCount: pending(),
		launchType: service.launchType,
		platformVersion: service.launchType === 'FARGATE' ? 'LATEST' : undefined,
		platformFamily: service.launchType === 'FARGATE' ? 'Linux' : undefined,
		deploymentConfiguration: {
			deploymentCircuitBreaker: service.circuitBreaker,
			maximumPercent: 200,
			minimumHealthyPercent: 100,
		},
		deploymentController: {type: service.deploymentController},
		deployments: service.deployments.map(deployment =>
			compact({
				id: deployment.id,
				status: deployment.status,
				taskDefinition: deployment.taskDefinition,
				desiredCount: deployment.desiredCount,
				pendingCount: pending(deployment.id),
				runningCount: count(deployment.id, 'RUNNING'),
				failedTasks: deployment.failedTasks,
				createdAt: seconds(deployment.createdAt),
				updatedAt: seconds(deployment.updatedAt),
				launchType: deployment.launchType,
				rolloutState: deployment.rolloutState,
				rolloutStateReason: deployment.rolloutStateReason,
			}),
		),
		events: service.events.filter(event => event.createdAt <= now).map(event => ({id: event.id, createdAt: seconds(event.createdAt), message: event.message})),
		createdAt: seconds(service.createdAt),
		schedulingStrategy: 'REPLICA',
		tags: withTags ? (service.tags ?? []) : undefined,
	});
}

export function taskDefinitionShape(definition: SimTaskDefinition) {
	const {tags: _tags, registeredAt, deregisteredAt, ...rest} = definition;
	return compact({...rest, registeredAt: seconds(registeredAt), deregisteredAt: seconds(deregisteredAt as number | undefined)});
}

function instanceShape(instance: SimContainerInstance) {
	return {
		containerInstanceArn: instance.arn,
		ec2InstanceId: instance.ec2InstanceId,
		status: instance.status,
		agentConnected: true,
		registeredAt: seconds(instance.registeredAt),
		attributes: [
			{name: 'ecs.cpu-architecture', value: instance.cpuArchitecture},
			{name: 'ecs.os-type', value: 'linux'},
		],
	};
}

function requireList(input: Input, member: string, limit: number): string[] {
	const value = input[member] as unknown;
	if (!Array.isArray(value) || value.length === 0) throw invalidParameter(`${member} can not be empty.`);
	if (value.length > limit) throw invalidParameter(`${member} can have at most ${limit} items.`);
	return value.map(String);
}

function findService(cluster: SimCluster, reference: string): SimService | undefined {
	return cluster.services.get(reference.split('/').at(-1)!);
}

function findTask(cluster: SimCluster, reference: string): SimTask | undefined {
	return cluster.tasks.get(reference.split('/').at(-1)!);
}

export const ecsReadHandlers: Record<string, Handler> = {
	ListClusters(account, input, context) {
		const arns = [...account.clusters.values()].map(cluster => cluster.arn);
		const result = page(arns, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 100,
			limit: 100,
			pageSize: context.pageSize,
			scope: 'clusters',
		});
		return compact({clusterArns: result.items, nextToken: result.nextToken});
	},

	DescribeClusters(account, input, context) {
		const references = (input.clusters as string[] | undefined) ?? ['default'];
		if (references.length > 100) throw invalidParameter('clusters can have at most 100 items.');
		const clusters = [];
		const failures = [];
		for (const reference of references) {
			const cluster = account.clusters.get(reference.split('/').at(-1)!);
			if (!cluster) {
				failures.push({arn: reference.startsWith('arn:') ? reference : account.arn('ecs', `cluster/${reference}`), reason: 'MISSING'});
				continue;
			}
			clusters.push({
				clusterArn: cluster.arn,
				clusterName: cluster.name,
				status: 'ACTIVE',
				activeServicesCount: cluster.services.size,
				runningTasksCount: [...cluster.tasks.values()].filter(task => taskStatus(task, context.now).lastStatus === 'RUNNING').length,
				pendingTasksCount: 0,
				registeredContainerInstancesCount: cluster.containerInstances.size,
			});
		}
		return {clusters, failures};
	},

	ListServices(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		const arns = [...cluster.services.values()].filter(service => service.status !== 'INACTIVE').map(service => service.arn);
		const result = page(arns, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 10,
			limit: 100,
			pageSize: context.pageSize,
			scope: `services:${cluster.name}`,
		});
		return compact({serviceArns: result.items, nextToken: result.nextToken});
	},

	DescribeServices(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		const references = requireList(input, 'services', 10);
		const services = [];
		const failures = [];
		for (const reference of references) {
			const service = findService(cluster, reference);
			if (service) services.push(serviceShape(cluster, service, context.now, ((input.include as string[] | undefined) ?? []).includes('TAGS')));
			else failures.push({arn: reference.startsWith('arn:') ? reference : account.arn('ecs', `service/${cluster.name}/${reference}`), reason: 'MISSING'});
		}
		return {services, failures};
	},

	ListTasks(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		const desired = (input.desiredStatus as string | undefined) ?? 'RUNNING';
		if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desired)) throw invalidParameter('desiredStatus must be RUNNING, PENDING or STOPPED.');
		if (input.startedBy !== undefined && (input.serviceName !== undefined || input.family !== undefined)) {
			throw invalidParameter('startedBy may not be specified with serviceName or family.');
		}
		if (input.serviceName !== undefined && !findService(cluster, String(input.serviceName))) {
			throw new SimError('ServiceNotFoundException', 'Service not found.');
		}
		const tasks = [...cluster.tasks.values()]
			.filter(task => isVisible(account, task, context.now))
			.filter(task => {
				const {desiredStatus} = taskStatus(task, context.now);
				if (desired === 'PENDING') return false;
				if (desiredStatus !== desired) return false;
				if (input.serviceName !== undefined && task.group !== `service:${String(input.serviceName).split('/').at(-1)}`) return false;
				if (input.family !== undefined && !task.taskDefinitionArn.includes(`task-definition/${input.family}:`)) return false;
				if (input.startedBy !== undefined && task.startedBy !== input.startedBy) return false;
				if (input.launchType !== undefined && task.launchType !== input.launchType) return false;
				return true;
			})
			.sort((a, b) => (b.stoppedAt ?? b.createdAt) - (a.stoppedAt ?? a.createdAt))
			.map(task => task.arn);
		const result = page(tasks, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 100,
			limit: 100,
			pageSize: context.pageSize,
			scope: `tasks:${cluster.name}:${desired}`,
		});
		return compact({taskArns: result.items, nextToken: result.nextToken});
	},

	DescribeTasks(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		const references = requireList(input, 'tasks', 100);
		const tasks = [];
		const failures = [];
		for (const reference of references) {
			const task = findTask(cluster, reference);
			if (task && isVisible(account, task, context.now)) tasks.push(taskShape(task, context.now));
			else failures.push({arn: reference.startsWith('arn:') ? reference : account.arn('ecs', `task/${cluster.name}/${reference}`), reason: 'MISSING'});
		}
		return {tasks, failures};
	},

	DescribeTaskDefinition(account, input) {
		if (typeof input.taskDefinition !== 'string' || !input.taskDefinition) throw clientException('taskDefinition can not be blank.');
		const definition = findTaskDefinition(account, input.taskDefinition);
		if (!definition) throw clientException('Unable to describe task definition.');
		const include = (input.include as string[] | undefined) ?? [];
		return compact({taskDefinition: taskDefinitionShape(definition), tags: include.includes('TAGS') ? definition.tags : undefined});
	},

	ListTaskDefinitionFamilies(account, input, context) {
		const status = input.status ?? 'ACTIVE';
		if (!['ACTIVE', 'INACTIVE', 'ALL'].includes(String(status))) throw invalidParameter('status must be ACTIVE, INACTIVE or ALL.');
		const prefix = typeof input.familyPrefix === 'string' ? input.familyPrefix : '';
		const families = [...account.taskDefinitions.entries()]
			.filter(([family, revisions]) => family.startsWith(prefix) && (status === 'ALL' || revisions.some(revision => revision.status === status)))
			.map(([family]) => family)
			.sort();
		const result = page(families, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 100,
			limit: 100,
			pageSize: context.pageSize,
			scope: `families:${prefix}:${String(status)}`,
		});
		return compact({families: result.items, nextToken: result.nextToken});
	},

	ListContainerInstances(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		const arns = [...cluster.containerInstances.values()].filter(instance => !input.status || instance.status === input.status).map(instance => instance.arn);
		const result = page(arns, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 100,
			limit: 100,
			pageSize: context.pageSize,
			scope: `instances:${cluster.name}`,
		});
		return compact({containerInstanceArns: result.items, nextToken: result.nextToken});
	},

	DescribeContainerInstances(account, input) {
		const cluster = requireCluster(account, input.cluster);
		const references = requireList(input, 'containerInstances', 100);
		const containerInstances = [];
		const failures = [];
		for (const reference of references) {
			const instance = cluster.containerInstances.get(reference.split('/').at(-1)!);
			if (instance) containerInstances.push(instanceShape(instance));
			else failures.push({arn: reference, reason: 'MISSING'});
		}
		return {containerInstances, failures};
	},
};
