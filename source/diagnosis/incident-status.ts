/**
 * Whether a workload still fails, from its current deployment and the evidence's times: a scan
 * after a fix must not call a recovered service broken, nor a rollback a recovery.
 */
import type {AppRunnerOperation, AppRunnerServiceSummary, EcsService, EcsTask} from '../ports/account.js';
import {arnName} from './signatures.js';
import type {Evidence, IncidentStatus} from './types.js';

export type StatusOutcome = {readonly status: IncidentStatus; readonly reason: string};

/** `2026-11-30 14:19Z`: minutes are enough to order a push or a deployment against the evidence. */
export const minuteTime = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;

/** The time of the newest piece of evidence, in ms; 0 when none has a time. */
export function newestEvidence(evidence: readonly Evidence[]): number {
	return Math.max(0, ...evidence.map(item => (item.time ? Date.parse(item.time) : 0)));
}

/**
 * ECS service: recovered when its current deployment of the same revision has been steady
 * (rollout COMPLETED, every task running) since after the last failure and none of its own tasks
 * failed; rolled back when that deployment runs another revision.
 */
export function ecsServiceStatus(
	service: EcsService,
	failingRevision: string | undefined,
	failedTasks: readonly EcsTask[],
	evidence: readonly Evidence[],
): StatusOutcome {
	const primary = service.deployments.find(deployment => deployment.status === 'PRIMARY');
	if (!primary) return {status: 'failing', reason: `service ${service.name} has no current deployment to show otherwise`};
	const steady =
		primary.desiredCount > 0 && primary.runningCount >= primary.desiredCount && (primary.rolloutState === undefined || primary.rolloutState === 'COMPLETED');
	const settledAt = primary.updatedAt ?? primary.createdAt;
	const failedSince = failedTasks.some(task => task.startedBy === primary.id) || !settledAt || settledAt.getTime() < newestEvidence(evidence);
	if (!steady || failedSince) {
		return {
			status: 'failing',
			reason: `its current deployment ${primary.id} (${arnName(primary.taskDefinition)}) has ${primary.runningCount}/${primary.desiredCount} tasks running${primary.rolloutState ? `, rollout ${primary.rolloutState}` : ''}`,
		};
	}
	const since = `${primary.runningCount}/${primary.desiredCount} tasks running since ${minuteTime(settledAt)}, after the last failure`;
	if (failingRevision && primary.taskDefinition !== failingRevision) {
		return {
			status: 'rolled-back',
			reason: `deployment ${primary.id} of ${arnName(primary.taskDefinition)} has ${since}, and ${arnName(failingRevision)} still fails`,
		};
	}
	return {status: 'recovered', reason: `deployment ${primary.id} of ${arnName(primary.taskDefinition)} has ${since}`};
}

/** App Runner: recovered when its newest operation succeeded after the last failure; rolled back when it rolled back. */
export function appRunnerStatus(service: AppRunnerServiceSummary, operations: readonly AppRunnerOperation[], evidence: readonly Evidence[]): StatusOutcome {
	if (service.status === 'CREATE_FAILED') return {status: 'failing', reason: `service ${service.name} is in CREATE_FAILED`};
	const newest = operations[0];
	const endedAt = newest?.endedAt;
	if (newest?.status === 'SUCCEEDED' && service.status === 'RUNNING' && endedAt && endedAt.getTime() >= newestEvidence(evidence)) {
		return {
			status: 'recovered',
			reason: `operation ${newest.type} ${newest.id} succeeded at ${minuteTime(endedAt)}, after the last failure, and the service is RUNNING`,
		};
	}
	if (newest?.status === 'ROLLBACK_SUCCEEDED' && service.status === 'RUNNING') {
		return {
			status: 'rolled-back',
			reason: `the service runs its previous image since its last deployment (operation ${newest.id}) failed, and the new image still fails`,
		};
	}
	return {
		status: 'failing',
		reason: `service ${service.name} is ${service.status}${newest ? `; its newest operation ${newest.type} is ${newest.status}` : ''}`,
	};
}
