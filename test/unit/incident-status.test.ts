import {describe, expect, it} from 'vitest';
import type {AppRunnerOperation, EcsDeployment, EcsService, EcsTask} from '../../source/ports/account.js';
import {hasOpenFindings, sortFindings} from '../../source/diagnosis/findings-order.js';
import {appRunnerStatus, ecsServiceStatus} from '../../source/diagnosis/incident-status.js';
import type {Evidence} from '../../source/diagnosis/types.js';
import {grafana, reportJob} from '../fixtures/findings.js';

const arn = (revision: string) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${revision}`;
const failure: Evidence[] = [{kind: 'log-line', time: '2026-11-30T10:00:00.000Z', message: 'exec /run.sh: exec format error'}];

function service(primary: Partial<EcsDeployment>): EcsService {
	const deployment: EcsDeployment = {
		id: 'ecs-svc/2',
		status: 'PRIMARY',
		taskDefinition: arn('web:2'),
		desiredCount: 2,
		runningCount: 2,
		pendingCount: 0,
		failedTasks: 0,
		rolloutState: 'COMPLETED',
		createdAt: new Date('2026-11-30T10:05:00Z'),
		updatedAt: new Date('2026-11-30T10:07:00Z'),
		...primary,
	};
	return {
		arn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web',
		name: 'web',
		clusterArn: 'prod',
		status: 'ACTIVE',
		taskDefinition: deployment.taskDefinition,
		capacityProviders: [],
		desiredCount: 2,
		runningCount: 2,
		deployments: [deployment],
		events: [],
	};
}

const failedTask = (startedBy: string): EcsTask => ({
	arn: 'task/a',
	id: 'a'.repeat(32),
	clusterArn: 'prod',
	taskDefinitionArn: arn('web:2'),
	startedBy,
	stopCode: 'EssentialContainerExited',
	containers: [{name: 'app', exitCode: 1}],
});

describe('ecsServiceStatus', () => {
	it('calls a service recovered when a deployment of the same revision has been steady since the last failure', () => {
		expect(ecsServiceStatus(service({}), arn('web:2'), [failedTask('ecs-svc/1')], failure)).toEqual({
			status: 'recovered',
			reason: 'deployment ecs-svc/2 of web:2 has 2/2 tasks running since 2026-11-30 10:07Z, after the last failure',
		});
	});

	it('calls it rolled back when the steady deployment runs another revision', () => {
		expect(ecsServiceStatus(service({taskDefinition: arn('web:1')}), arn('web:2'), [], failure)).toMatchObject({
			status: 'rolled-back',
			reason: expect.stringContaining('and web:2 still fails'),
		});
	});

	it.each([
		['a rollout still in progress', {rolloutState: 'IN_PROGRESS'}],
		['tasks not all running', {runningCount: 1}],
		['a desired count of 0', {desiredCount: 0, runningCount: 0}],
		['a deployment that settled before the last failure', {updatedAt: new Date('2026-11-30T09:59:00Z')}],
	] as const)('keeps it failing with %s', (_, primary) => {
		expect(ecsServiceStatus(service(primary), arn('web:2'), [], failure).status).toBe('failing');
	});

	it('keeps it failing when a task of the current deployment itself failed', () => {
		expect(ecsServiceStatus(service({}), arn('web:2'), [failedTask('ecs-svc/2')], failure).status).toBe('failing');
	});
});

describe('appRunnerStatus', () => {
	const summary = {arn: 'arn:aws:apprunner:ap-northeast-1:123456789012:service/web/abc', name: 'web', id: 'abc', status: 'RUNNING'};
	const operation = (status: string, endedAt: string): AppRunnerOperation => ({id: 'op1', type: 'START_DEPLOYMENT', status, endedAt: new Date(endedAt)});

	it('follows the newest operation', () => {
		expect(appRunnerStatus(summary, [operation('SUCCEEDED', '2026-11-30T10:10:00Z')], failure).status).toBe('recovered');
		expect(appRunnerStatus(summary, [operation('SUCCEEDED', '2026-11-30T09:00:00Z')], failure).status).toBe('failing');
		expect(appRunnerStatus(summary, [operation('ROLLBACK_SUCCEEDED', '2026-11-30T10:10:00Z')], failure).status).toBe('rolled-back');
		expect(appRunnerStatus({...summary, status: 'CREATE_FAILED'}, [], failure)).toEqual({status: 'failing', reason: 'service web is in CREATE_FAILED'});
	});
});

describe('findings order and exit code', () => {
	const recovered = {...grafana, id: 'ecs-service/a/recovered', status: 'recovered' as const};
	it('puts recovered incidents last and counts only the others as open', () => {
		expect(sortFindings([recovered, reportJob, grafana]).map(finding => finding.id)).toEqual([grafana.id, reportJob.id, recovered.id]);
		expect(hasOpenFindings([recovered])).toBe(false);
		expect(hasOpenFindings([recovered, {...grafana, status: 'rolled-back'}])).toBe(true);
	});
});
