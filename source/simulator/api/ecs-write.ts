import {createDeployment, findTaskDefinition, requireCluster} from '../ecs-engine.js';
import {SimError, clientException, invalidParameter} from '../errors.js';
import {registerTaskDefinition, runStandaloneTask, type TaskDefinitionInput} from '../resources.js';
import type {Handler} from './context.js';
import {taskDefinitionShape, taskShape} from './ecs.js';

/** What RegisterTaskDefinition accepts; DescribeTaskDefinition's read-only fields are not among them. */
const registerMembers = new Set([
	'family',
	'taskRoleArn',
	'executionRoleArn',
	'networkMode',
	'containerDefinitions',
	'volumes',
	'placementConstraints',
	'requiresCompatibilities',
	'cpu',
	'memory',
	'tags',
	'pidMode',
	'ipcMode',
	'proxyConfiguration',
	'inferenceAccelerators',
	'ephemeralStorage',
	'runtimePlatform',
	'enableFaultInjection',
]);

export const ecsWriteHandlers: Record<string, Handler> = {
	RegisterTaskDefinition(account, input) {
		const unknown = Object.keys(input).filter(member => !registerMembers.has(member));
		if (unknown.length > 0) {
			throw clientException(`Unknown parameter in input: "${unknown[0]}", must be one of: ${[...registerMembers].join(', ')}`);
		}
		const definition = registerTaskDefinition(account, input as TaskDefinitionInput);
		return {taskDefinition: taskDefinitionShape(definition), tags: definition.tags};
	},

	DeregisterTaskDefinition(account, input) {
		const definition =
			typeof input.taskDefinition === 'string' && input.taskDefinition.includes(':') ? findTaskDefinition(account, input.taskDefinition) : undefined;
		if (!definition) throw clientException('The specified task definition does not exist (give family:revision or an ARN).');
		definition.status = 'INACTIVE';
		return {taskDefinition: taskDefinitionShape(definition)};
	},

	RunTask(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		if (typeof input.taskDefinition !== 'string' || !input.taskDefinition) throw invalidParameter('taskDefinition can not be blank.');
		const definition = findTaskDefinition(account, input.taskDefinition);
		if (!definition) throw clientException('TaskDefinition not found.');
		if (definition.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive.');
		const count = input.count === undefined ? 1 : input.count;
		if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 10) throw invalidParameter('count must be between 1 and 10.');
		const launchType = input.launchType === undefined ? (definition.compatibilities.includes('FARGATE') ? 'FARGATE' : 'EC2') : input.launchType;
		if (launchType !== 'FARGATE' && launchType !== 'EC2') throw invalidParameter(`launchType ${String(launchType)} is not supported here.`);
		if (launchType === 'FARGATE' && !definition.compatibilities.includes('FARGATE'))
			throw invalidParameter('Task definition does not support launch_type FARGATE.');
		const subnets = (input.networkConfiguration as {awsvpcConfiguration?: {subnets?: unknown[]}} | undefined)?.awsvpcConfiguration?.subnets;
		if (definition.networkMode === 'awsvpc' && (!Array.isArray(subnets) || subnets.length === 0))
			throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
		const tasks = [];
		const failures = [];
		for (let index = 0; index < (count as number); index++) {
			const task = runStandaloneTask(account, cluster, definition.taskDefinitionArn, launchType, context.now);
			if (task) tasks.push(taskShape(task, context.now));
			else failures.push({reason: 'RESOURCE:CPU'});
		}
		return {tasks, failures};
	},

	UpdateService(account, input, context) {
		const cluster = requireCluster(account, input.cluster);
		const name = String(input.service ?? '')
			.split('/')
			.at(-1)!;
		const service = cluster.services.get(name);
		if (!service) throw new SimError('ServiceNotFoundException', 'Service not found.');
		if (service.status !== 'ACTIVE') throw new SimError('ServiceNotActiveException', 'Service was not ACTIVE.');
		if (input.desiredCount !== undefined) {
			if (!Number.isInteger(input.desiredCount) || input.desiredCount < 0) throw invalidParameter('desiredCount must be a non-negative integer.');
			service.desiredCount = input.desiredCount as number;
		}
		const definition =
			input.taskDefinition === undefined ? findTaskDefinition(account, service.taskDefinition) : findTaskDefinition(account, String(input.taskDefinition));
		if (!definition) throw clientException('TaskDefinition not found.');
		if (definition.status !== 'ACTIVE') throw clientException(`TaskDefinition is inactive.`);
		if (service.launchType === 'FARGATE' && !definition.compatibilities.includes('FARGATE'))
			throw invalidParameter('Task definition does not support launch_type FARGATE.');
		const changesDefinition = definition.taskDefinitionArn !== service.taskDefinition;
		if (service.deploymentController !== 'ECS' && (changesDefinition || input.forceNewDeployment === true)) {
			throw invalidParameter(
				`Unable to update task definition on services with a ${service.deploymentController} deployment controller. Use AWS CodeDeploy to trigger a new deployment.`,
			);
		}
		if (changesDefinition || input.forceNewDeployment === true) createDeployment(account, service, definition, context.now);
		return {
			service: {
				serviceArn: service.arn,
				serviceName: service.name,
				clusterArn: service.clusterArn,
				taskDefinition: service.taskDefinition,
				desiredCount: service.desiredCount,
				status: service.status,
				deployments: service.deployments.map(deployment => ({
					id: deployment.id,
					status: deployment.status,
					taskDefinition: deployment.taskDefinition,
					rolloutState: deployment.rolloutState,
				})),
			},
		};
	},
};
