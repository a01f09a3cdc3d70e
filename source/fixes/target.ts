import {arnName} from '../diagnosis/signatures.js';
import type {Workload} from '../diagnosis/types.js';
import type {FixTarget} from './types.js';

export type TargetOutcome = {readonly target: FixTarget} | {readonly refusal: string};

/**
 * What `execdoctor fix` acts on for a finding's workload: its ECS service (the failing revision
 * when the service rolled back to another) or its App Runner service. Standalone tasks are not
 * restarted by anything execdoctor could call, so their fixes stay commands to run by hand.
 */
export function fixTargetOf(workload: Workload): TargetOutcome {
	if (workload.kind === 'apprunner-service') return {target: {kind: 'apprunner-service', name: workload.name}};
	if (workload.kind === 'lambda-function') return {target: {kind: 'lambda-function', name: workload.name}};
	if (workload.kind === 'ecs-service' && workload.cluster) {
		const rolledBack = workload.serviceTaskDefinition && workload.taskDefinition;
		return {
			target: {
				kind: 'ecs-service',
				cluster: workload.cluster,
				service: workload.name,
				...(rolledBack ? {taskDefinition: workload.taskDefinition, taskDefinitionReason: 'the failing tasks ran it'} : {}),
			},
		};
	}
	return {
		refusal:
			'execdoctor applies fixes to ECS services, App Runner services and Lambda functions; for a standalone task, run the commands below, then run the task again.',
	};
}

/** The same target as `execdoctor fix` flags. */
export function targetFlags(target: FixTarget): string {
	if (target.kind === 'apprunner-service') return `--app-runner-service ${target.name}`;
	if (target.kind === 'lambda-function') return `--lambda-function ${target.name}`;
	return `--cluster ${target.cluster} --service ${target.service}${target.taskDefinition ? ` --task-definition ${arnName(target.taskDefinition)}` : ''}`;
}
