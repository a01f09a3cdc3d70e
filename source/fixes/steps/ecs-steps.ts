/** Steps that make ECS run the fixed image: a new revision, a deployment, or a standalone task run again. */
import {arnName} from '../../diagnosis/signatures.js';
import {awsFlags, shellQuote, type AwsScope} from '../shell.js';
import {registerInputFrom, registerJqProgram, type TaskDefinitionChange} from '../task-definition.js';
import {StepFailure, type ExecStep} from './step.js';

const familyOf = (taskDefinition: string) => arnName(taskDefinition).split(':')[0]!;

export function registerStep(options: {taskDefinition: string; change: TaskDefinitionChange; scope: AwsScope; summary: string}): ExecStep {
	const name = arnName(options.taskDefinition);
	const flags = awsFlags(options.scope);
	return {
		id: 'register-task-definition',
		title: `Register a new revision of ${familyOf(options.taskDefinition)}`,
		kind: 'aws',
		display: `ecs:DescribeTaskDefinition taskDefinition=${name} include=[TAGS], then ecs:RegisterTaskDefinition with ${options.summary} (read-only fields dropped, tags kept)`,
		shell: [
			`aws ecs describe-task-definition --task-definition ${name} --include TAGS --output json ${flags} | jq ${shellQuote(registerJqProgram(options.change))} > taskdef.json`,
			`aws ecs register-task-definition --cli-input-json file://taskdef.json ${flags}`,
		],
		mutating: true,
		intent: async () => ({kind: 'nothing', reason: `the new revision of ${familyOf(options.taskDefinition)} is known once it is registered`}),
		async run(context) {
			const {document, tags} = await context.aws.describeTaskDefinitionDocument(options.taskDefinition);
			const registered = await context.aws.registerTaskDefinition(registerInputFrom(document, tags, options.change));
			context.memory.registered = registered;
			const revision = `${registered.family}:${registered.revision}`;
			return {
				detail: `registered ${revision}`,
				change: {
					description: `registered task definition ${revision}`,
					undo: `aws ecs deregister-task-definition --task-definition ${revision} ${flags}`,
					undoAction: {kind: 'deregister', taskDefinition: revision},
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
	scope: AwsScope;
	taskDefinition?: string;
}): ExecStep {
	const previous = arnName(options.previousTaskDefinition);
	const named = options.taskDefinition ? arnName(options.taskDefinition) : undefined;
	const flags = awsFlags(options.scope);
	const command = (taskDefinition: string) =>
		`aws ecs update-service --cluster ${shellQuote(options.cluster)} --service ${shellQuote(options.service)} --task-definition ${taskDefinition} ${flags}`;
	return {
		id: 'update-service',
		title: named ? `Deploy ${named} again on service ${options.service}, so ECS resolves its tag anew` : `Point service ${options.service} at the new revision`,
		kind: 'aws',
		display: `ecs:UpdateService cluster=${options.cluster} service=${options.service} taskDefinition=${named ?? '<the revision registered above>'}`,
		// A family alone names its newest ACTIVE revision: the one registered just before.
		shell: [command(named ?? familyOf(options.previousTaskDefinition))],
		mutating: true,
		intent: async () => ({kind: 'update-service', cluster: options.cluster, service: options.service, taskDefinition: previous}),
		async run(context) {
			const {registered} = context.memory;
			const target =
				options.taskDefinition && named
					? {arn: options.taskDefinition, name: named}
					: registered && {arn: registered.arn, name: `${registered.family}:${registered.revision}`};
			if (!target) throw new StepFailure('No new revision was registered.');
			const {deploymentId} = await context.aws.updateService({cluster: options.cluster, service: options.service, taskDefinition: target.arn});
			if (deploymentId) context.memory.deploymentId = deploymentId;
			return {
				detail: `deployment ${deploymentId ?? 'started'} of ${target.name}`,
				change: {
					description: `service ${options.service} now runs ${target.name} (was ${previous})`,
					undo: command(previous),
					undoAction: {kind: 'update-service', cluster: options.cluster, service: options.service, taskDefinition: previous},
				},
			};
		},
	};
}

export function forceDeploymentStep(options: {cluster: string; service: string; scope: AwsScope; tag: string}): ExecStep {
	const command = `aws ecs update-service --cluster ${shellQuote(options.cluster)} --service ${shellQuote(options.service)} --force-new-deployment ${awsFlags(options.scope)}`;
	return {
		id: 'force-new-deployment',
		title: `Start a new deployment of ${options.service}, so ECS resolves :${options.tag} again`,
		kind: 'aws',
		display: `ecs:UpdateService cluster=${options.cluster} service=${options.service} forceNewDeployment=true`,
		shell: [command],
		mutating: true,
		intent: async () => ({kind: 'redeploy-service', cluster: options.cluster, service: options.service}),
		async run(context) {
			const {deploymentId} = await context.aws.updateService({cluster: options.cluster, service: options.service, forceNewDeployment: true});
			if (deploymentId) context.memory.deploymentId = deploymentId;
			return {
				detail: `deployment ${deploymentId ?? 'started'}`,
				change: {
					description: `started deployment ${deploymentId ?? ''} of ${options.service}`.replace('  ', ' '),
					undo: `after putting the tag back (above): ${command}`,
					undoAction: {kind: 'redeploy-service', cluster: options.cluster, service: options.service},
				},
			};
		},
	};
}

/**
 * A standalone task is not restarted by ECS; running it again needs the network configuration
 * and launch type it was started with, which only its owner knows. So this step is for people:
 * `execdoctor fix` never targets a standalone task (fixes/target.ts), and running it here refuses.
 */
export function rerunTaskStep(options: {cluster: string; taskDefinition: string; scope: AwsScope}): ExecStep {
	const family = familyOf(options.taskDefinition);
	return {
		id: 'run-task',
		title: `Run ${family} again`,
		kind: 'aws',
		display: `ecs:RunTask cluster=${options.cluster} taskDefinition=${family}`,
		shell: [`aws ecs run-task --cluster ${shellQuote(options.cluster)} --task-definition ${shellQuote(family)} ${awsFlags(options.scope)}`],
		mutating: true,
		intent: async () => ({kind: 'nothing', reason: 'a standalone task is not started by execdoctor'}),
		async run() {
			throw new StepFailure(
				`execdoctor does not start standalone tasks: run ${family} again the way it is normally started (its launch type and network configuration).`,
			);
		},
	};
}
