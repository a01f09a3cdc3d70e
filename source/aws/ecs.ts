import {
	DescribeClustersCommand,
	DescribeContainerInstancesCommand,
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	DescribeTasksCommand,
	paginateListClusters,
	paginateListContainerInstances,
	paginateListTaskDefinitionFamilies,
	paginateListServices,
	paginateListTasks,
	type ECSClient,
	type Service,
	type Task,
	type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type {ContainerInstance, EcsCluster, EcsService, EcsTask, EcsTaskDefinition} from '../ports/account.js';

async function collect<T, P>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
	const items: T[] = [];
	for await (const page of pages) items.push(...(pick(page) ?? []));
	return items;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
	const result: T[][] = [];
	for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
	return result;
}

export function listClusters(client: ECSClient): Promise<string[]> {
	return collect(paginateListClusters({client, pageSize: 100}, {}), page => page.clusterArns);
}

export async function describeClusters(client: ECSClient, clusters: readonly string[]): Promise<{clusters: EcsCluster[]; missing: string[]}> {
	const found: EcsCluster[] = [];
	const missing: string[] = [];
	for (const batch of chunks(clusters, 100)) {
		const output = await client.send(new DescribeClustersCommand({clusters: batch}));
		for (const cluster of output.clusters ?? []) {
			if (cluster.status === 'INACTIVE') missing.push(cluster.clusterArn ?? cluster.clusterName ?? '');
			else found.push({arn: cluster.clusterArn!, name: cluster.clusterName!});
		}
		for (const failure of output.failures ?? []) missing.push(failure.arn ?? '');
	}
	return {clusters: found, missing};
}

export function listServices(client: ECSClient, cluster: string): Promise<string[]> {
	return collect(paginateListServices({client, pageSize: 100}, {cluster}), page => page.serviceArns);
}

function toService(service: Service): EcsService {
	return {
		arn: service.serviceArn!,
		name: service.serviceName!,
		clusterArn: service.clusterArn!,
		status: service.status ?? 'ACTIVE',
		taskDefinition: service.taskDefinition ?? '',
		...(service.launchType ? {launchType: service.launchType} : {}),
		...(service.deploymentController?.type ? {deploymentController: service.deploymentController.type} : {}),
		capacityProviders: (service.capacityProviderStrategy ?? []).map(item => item.capacityProvider ?? '').filter(Boolean),
		desiredCount: service.desiredCount ?? 0,
		runningCount: service.runningCount ?? 0,
		deployments: (service.deployments ?? []).map(deployment => ({
			id: deployment.id ?? '',
			status: deployment.status ?? '',
			taskDefinition: deployment.taskDefinition ?? '',
			desiredCount: deployment.desiredCount ?? 0,
			runningCount: deployment.runningCount ?? 0,
			pendingCount: deployment.pendingCount ?? 0,
			failedTasks: deployment.failedTasks ?? 0,
			...(deployment.rolloutState ? {rolloutState: deployment.rolloutState} : {}),
			...(deployment.rolloutStateReason ? {rolloutStateReason: deployment.rolloutStateReason} : {}),
			...(deployment.launchType ? {launchType: deployment.launchType} : {}),
			...(deployment.createdAt ? {createdAt: deployment.createdAt} : {}),
			...(deployment.updatedAt ? {updatedAt: deployment.updatedAt} : {}),
		})),
		events: (service.events ?? []).map(event => ({id: event.id ?? '', message: event.message ?? '', ...(event.createdAt ? {createdAt: event.createdAt} : {})})),
		...(service.tags?.length ? {tags: service.tags.map(tag => ({key: tag.key ?? '', value: tag.value ?? ''}))} : {}),
	};
}

export async function describeServices(client: ECSClient, cluster: string, services: readonly string[]): Promise<{services: EcsService[]; missing: string[]}> {
	const found: EcsService[] = [];
	const missing: string[] = [];
	for (const batch of chunks(services, 10)) {
		const output = await client.send(new DescribeServicesCommand({cluster, services: batch, include: ['TAGS']}));
		for (const service of output.services ?? []) {
			if (service.status === 'INACTIVE') missing.push(service.serviceArn ?? '');
			else found.push(toService(service));
		}
		for (const failure of output.failures ?? []) missing.push(failure.arn ?? '');
	}
	return {services: found, missing};
}

export function listTasks(client: ECSClient, cluster: string, filter: {desiredStatus: 'RUNNING' | 'STOPPED'; serviceName?: string}): Promise<string[]> {
	return collect(
		paginateListTasks(
			{client, pageSize: 100},
			{cluster, desiredStatus: filter.desiredStatus, ...(filter.serviceName ? {serviceName: filter.serviceName} : {})},
		),
		page => page.taskArns,
	);
}

function toTask(task: Task): EcsTask {
	const cpuArchitecture = task.attributes?.find(attribute => attribute.name === 'ecs.cpu-architecture')?.value;
	const optional = {
		group: task.group,
		startedBy: task.startedBy,
		launchType: task.launchType,
		lastStatus: task.lastStatus,
		desiredStatus: task.desiredStatus,
		stopCode: task.stopCode,
		stoppedReason: task.stoppedReason,
		createdAt: task.createdAt,
		startedAt: task.startedAt,
		stoppedAt: task.stoppedAt,
		containerInstanceArn: task.containerInstanceArn,
		cpuArchitecture,
	};
	return {
		arn: task.taskArn!,
		id: task.taskArn!.split('/').at(-1)!,
		clusterArn: task.clusterArn!,
		taskDefinitionArn: task.taskDefinitionArn ?? '',
		...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
		containers: (task.containers ?? []).map(container => ({
			name: container.name ?? '',
			...(container.image ? {image: container.image} : {}),
			...(container.imageDigest ? {imageDigest: container.imageDigest} : {}),
			...(container.exitCode === undefined ? {} : {exitCode: container.exitCode}),
			...(container.reason ? {reason: container.reason} : {}),
			...(container.lastStatus ? {lastStatus: container.lastStatus} : {}),
		})),
	};
}

export async function describeTasks(client: ECSClient, cluster: string, tasks: readonly string[]): Promise<{tasks: EcsTask[]; missing: string[]}> {
	const found: EcsTask[] = [];
	const missing: string[] = [];
	for (const batch of chunks(tasks, 100)) {
		const output = await client.send(new DescribeTasksCommand({cluster, tasks: batch}));
		found.push(...(output.tasks ?? []).map(toTask));
		for (const failure of output.failures ?? []) missing.push(failure.arn ?? '');
	}
	return {tasks: found, missing};
}

export function toTaskDefinition(definition: TaskDefinition): EcsTaskDefinition {
	return {
		arn: definition.taskDefinitionArn!,
		family: definition.family ?? '',
		revision: definition.revision ?? 0,
		...(definition.runtimePlatform?.cpuArchitecture ? {cpuArchitecture: definition.runtimePlatform.cpuArchitecture} : {}),
		...(definition.runtimePlatform?.operatingSystemFamily ? {operatingSystemFamily: definition.runtimePlatform.operatingSystemFamily} : {}),
		requiresCompatibilities: definition.requiresCompatibilities ?? [],
		...(definition.registeredBy ? {registeredBy: definition.registeredBy} : {}),
		...(definition.registeredAt ? {registeredAt: definition.registeredAt} : {}),
		containers: (definition.containerDefinitions ?? []).map(container => ({
			name: container.name ?? '',
			image: container.image ?? '',
			essential: container.essential !== false,
			...(container.entryPoint?.length ? {entryPoint: container.entryPoint} : {}),
			...(container.command?.length ? {command: container.command} : {}),
			...(container.logConfiguration?.logDriver
				? {logConfiguration: {driver: container.logConfiguration.logDriver, options: {...container.logConfiguration.options}}}
				: {}),
		})),
	};
}

export async function describeTaskDefinition(client: ECSClient, taskDefinition: string): Promise<EcsTaskDefinition> {
	// Tags cost nothing extra, and say whether a stack owns the revision.
	const output = await client.send(new DescribeTaskDefinitionCommand({taskDefinition, include: ['TAGS']}));
	const tags = (output.tags ?? []).map(tag => ({key: tag.key ?? '', value: tag.value ?? ''}));
	return {...toTaskDefinition(output.taskDefinition!), ...(tags.length > 0 ? {tags} : {})};
}

export function listTaskDefinitionFamilies(client: ECSClient): Promise<string[]> {
	return collect(paginateListTaskDefinitionFamilies({client, pageSize: 100}, {status: 'ACTIVE'}), page => page.families);
}

export function listContainerInstances(client: ECSClient, cluster: string): Promise<string[]> {
	return collect(paginateListContainerInstances({client, pageSize: 100}, {cluster}), page => page.containerInstanceArns);
}

export async function describeContainerInstances(client: ECSClient, cluster: string, instances: readonly string[]): Promise<ContainerInstance[]> {
	const found: ContainerInstance[] = [];
	for (const batch of chunks(instances, 100)) {
		const output = await client.send(new DescribeContainerInstancesCommand({cluster, containerInstances: batch}));
		for (const instance of output.containerInstances ?? []) {
			const cpuArchitecture = instance.attributes?.find(attribute => attribute.name === 'ecs.cpu-architecture')?.value;
			found.push({
				arn: instance.containerInstanceArn!,
				...(cpuArchitecture ? {cpuArchitecture} : {}),
				...(instance.ec2InstanceId ? {ec2InstanceId: instance.ec2InstanceId} : {}),
				...(instance.status ? {status: instance.status} : {}),
			});
		}
	}
	return found;
}
