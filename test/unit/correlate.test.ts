import {describe, expect, it} from 'vitest';
import {Correlator, unknownTaskIds, type CorrelationInput} from '../../source/diagnosis/correlate.js';
import type {AppRunnerInventory, EcsInventory} from '../../source/diagnosis/facts.js';
import type {AppRunnerServiceSummary, EcsService, EcsTask, EcsTaskDefinition, LogHit} from '../../source/ports/account.js';

const region = 'ap-northeast-1';
const account = '123456789012';
const clusterArn = `arn:aws:ecs:${region}:${account}:cluster/web`;
const since = new Date('2026-11-24T00:00:00Z');
const until = new Date('2026-11-24T12:00:00Z');
const at = (time: string) => new Date(`2026-11-24T${time}Z`);
const taskId = (n: number) => `${n}`.padStart(32, 'a');

function definition(family: string, revision: number, containers: {name: string; group?: string; prefix?: string}[]): EcsTaskDefinition {
	return {
		arn: `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`,
		family,
		revision,
		requiresCompatibilities: ['FARGATE'],
		containers: containers.map(container => ({
			name: container.name,
			image: `${account}.dkr.ecr.${region}.amazonaws.com/${container.name}:latest`,
			essential: true,
			...(container.group
				? {logConfiguration: {driver: 'awslogs', options: {'awslogs-group': container.group, 'awslogs-stream-prefix': container.prefix ?? 'ecs'}}}
				: {}),
		})),
	};
}

function service(name: string, taskDefinition: EcsTaskDefinition, overrides: Partial<EcsService> = {}): EcsService {
	return {
		arn: `arn:aws:ecs:${region}:${account}:service/web/${name}`,
		name,
		clusterArn,
		status: 'ACTIVE',
		taskDefinition: taskDefinition.arn,
		capacityProviders: [],
		desiredCount: 1,
		runningCount: 0,
		deployments: [],
		events: [],
		...overrides,
	};
}

function task(id: string, taskDefinition: EcsTaskDefinition, overrides: Partial<EcsTask> = {}): EcsTask {
	return {
		arn: `arn:aws:ecs:${region}:${account}:task/web/${id}`,
		id,
		clusterArn,
		taskDefinitionArn: taskDefinition.arn,
		group: 'service:frontend',
		lastStatus: 'STOPPED',
		stopCode: 'EssentialContainerExited',
		stoppedReason: 'Essential container in task exited',
		stoppedAt: at('08:00:00'),
		containers: [{name: taskDefinition.containers[0]!.name, exitCode: 1}],
		...overrides,
	};
}

function hit(group: string, stream: string, time: string, message = 'exec /app/start: exec format error'): LogHit {
	return {logGroup: group, logStream: stream, timestamp: at(time).getTime(), message};
}

const frontendDefinition = definition('frontend', 3, [{name: 'web', group: '/ecs/frontend'}]);
const frontend = service('frontend', frontendDefinition);
const noAppRunner: AppRunnerInventory = {available: true, services: [], operations: new Map()};

function correlate(input: Partial<Omit<CorrelationInput, 'ecs'>> & {ecs?: Partial<EcsInventory>}): Correlator {
	const correlator = new Correlator({
		scope: {since, until},
		accountId: account,
		region,
		appRunner: noAppRunner,
		taskDefinitions: new Map([[frontendDefinition.arn, frontendDefinition]]),
		extraTasks: [],
		hits: [],
		...input,
		ecs: {available: true, clusters: [{arn: clusterArn, name: 'web'}], services: [frontend], stoppedTasks: [], ...input.ecs},
	});
	correlator.addFailedTasks();
	correlator.addServiceFailures();
	correlator.addAppRunnerFailures();
	correlator.addLogHits(input.hits ?? []);
	return correlator;
}

describe('correlation: one case per workload', () => {
	it("groups a service's failed tasks into one case, with one piece of evidence each, and names the failing container", () => {
		const tasks = [task(taskId(1), frontendDefinition), task(taskId(2), frontendDefinition, {stoppedAt: at('09:00:00')})];
		const {cases} = correlate({ecs: {stoppedTasks: tasks}});
		expect([...cases.keys()]).toEqual(['ecs-service/web/frontend']);
		const item = cases.get('ecs-service/web/frontend')!;
		expect(item.tasks.map(candidate => candidate.id)).toEqual([taskId(2), taskId(1)]);
		expect(item.evidence.map(evidence => evidence.kind)).toEqual(['stopped-task', 'stopped-task']);
		expect(item.evidence[0]!.message).toContain('container web exit code 1');
		expect([...item.containers]).toEqual(['web']);
		expect(item.execFormat).toBe(false);
		expect(item.otherFailure).toBe(true);
	});

	it('ignores tasks that stopped outside the window and tasks that did not fail', () => {
		const old = task(taskId(1), frontendDefinition, {stoppedAt: new Date('2026-11-23T08:00:00Z')});
		const clean = task(taskId(2), frontendDefinition, {containers: [{name: 'web', exitCode: 0}]});
		expect(correlate({ecs: {stoppedTasks: [old, clean]}}).cases.size).toBe(0);
	});

	it('reads the platform a pull failed for, and an exec format error in a reason', () => {
		const pull = task(taskId(1), frontendDefinition, {
			stopCode: 'TaskFailedToStart',
			stoppedReason:
				"CannotPullContainerError: pull image manifest has been retried 5 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
		});
		const item = correlate({ecs: {stoppedTasks: [pull]}}).cases.get('ecs-service/web/frontend')!;
		expect(item.pullPlatform).toEqual({os: 'linux', architecture: 'amd64'});
		const exec = task(taskId(2), frontendDefinition, {containers: [{name: 'web', exitCode: 255, reason: 'exec format error'}]});
		expect(correlate({ecs: {stoppedTasks: [exec]}}).cases.get('ecs-service/web/frontend')!.execFormat).toBe(true);
	});

	it('puts a task of a service that is not in the inventory under that service, and a task without a service under its family', () => {
		const other = task(taskId(1), frontendDefinition, {group: 'service:gone'});
		const standalone = task(taskId(2), frontendDefinition, {group: 'family:frontend', startedBy: 'events-rule/nightly'});
		const {cases} = correlate({ecs: {stoppedTasks: [other, standalone]}});
		expect(cases.get('ecs-service/web/gone')!.workload.arn).toBe(`arn:aws:ecs:${region}:${account}:service/web/gone`);
		expect(cases.get('ecs-task/web/frontend')!.workload).toMatchObject({kind: 'ecs-task', name: 'frontend', cluster: 'web'});
	});
});

describe('correlation: log lines', () => {
	it('attaches a line to the task its awslogs stream names, once however often it is seen', () => {
		const failed = task(taskId(1), frontendDefinition);
		const line = hit('/ecs/frontend', `ecs/web/${taskId(1)}`, '08:00:00');
		const item = correlate({ecs: {stoppedTasks: [failed]}, hits: [line, line]}).cases.get('ecs-service/web/frontend')!;
		expect(item.execFormat).toBe(true);
		const lines = item.evidence.filter(evidence => evidence.kind === 'log-line');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({taskArn: failed.arn, containerName: 'web', logGroup: '/ecs/frontend'});
	});

	it('maps a line whose task is gone to the one service that logs to that group, prefix and container', () => {
		const item = correlate({hits: [hit('/ecs/frontend', `ecs/web/${taskId(9)}`, '07:00:00')]}).cases.get('ecs-service/web/frontend');
		expect(item?.evidence.map(evidence => evidence.kind)).toEqual(['log-line']);
		expect(item?.tasks).toEqual([]);
	});

	it('does not guess between two services that log alike: the case says why its workload is unknown', () => {
		const twinDefinition = definition('frontend-canary', 1, [{name: 'web', group: '/ecs/frontend'}]);
		const twin = service('frontend-canary', twinDefinition);
		const {cases} = correlate({
			ecs: {services: [frontend, twin]},
			taskDefinitions: new Map([
				[frontendDefinition.arn, frontendDefinition],
				[twinDefinition.arn, twinDefinition],
			]),
			hits: [hit('/ecs/frontend', `ecs/web/${taskId(9)}`, '07:00:00')],
		});
		const item = cases.get('ecs-task/unknown//ecs/frontend/web')!;
		expect(item.notes.join(' ')).toContain('2 services (frontend, frontend-canary) log to /ecs/frontend as ecs/web');
		expect(item.workload.arn).toBe(`arn:aws:ecs:${region}:${account}:task/${taskId(9)}`);
	});

	it('says so when a stream names no task, or no service logs there', () => {
		const {cases} = correlate({
			hits: [hit('/ecs/misc', 'some-stream', '07:00:00'), hit('/ecs/other', `ecs/worker/${taskId(7)}`, '07:00:00')],
		});
		expect(cases.get('ecs-task/unknown//ecs/misc/')!.notes[0]).toContain('is not an awslogs task stream');
		expect(cases.get('ecs-task/unknown//ecs/other/worker')!.notes[0]).toContain('no service in scope logs to /ecs/other as ecs/worker');
	});

	it('names the App Runner service from its log group', () => {
		const summary: AppRunnerServiceSummary = {
			arn: `arn:aws:apprunner:${region}:${account}:service/shop/${'f'.repeat(32)}`,
			name: 'shop',
			id: 'f'.repeat(32),
			status: 'RUNNING',
		};
		const {cases} = correlate({
			appRunner: {available: true, services: [summary], operations: new Map()},
			hits: [hit(`/aws/apprunner/shop/${'f'.repeat(32)}/application`, 'instance/abc', '07:00:00')],
		});
		expect(cases.get('apprunner-service/shop')!.workload).toMatchObject({kind: 'apprunner-service', arn: summary.arn, status: 'RUNNING'});
	});
});

describe('correlation: services and App Runner without a task to show', () => {
	it('records a failed deployment and its service events within the window', () => {
		const failing = service('frontend', frontendDefinition, {
			deployments: [
				{
					id: 'ecs-svc/2',
					status: 'PRIMARY',
					taskDefinition: frontendDefinition.arn,
					desiredCount: 1,
					runningCount: 0,
					pendingCount: 0,
					failedTasks: 3,
					rolloutState: 'FAILED',
					rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
					updatedAt: at('08:30:00'),
				},
			],
			events: [
				{id: '1', createdAt: at('08:31:00'), message: '(service frontend) deployment failed: tasks failed to start.'},
				{id: '2', createdAt: at('08:32:00'), message: '(service frontend) has reached a steady state.'},
			],
		});
		const item = correlate({ecs: {services: [failing]}}).cases.get('ecs-service/web/frontend')!;
		expect(item.otherFailure).toBe(true);
		expect(item.evidence.map(evidence => evidence.kind)).toEqual(['deployment', 'service-event']);
		expect(item.evidence[0]!.message).toContain('rollout FAILED, 3 failed tasks, 0/1 running; ECS deployment circuit breaker');
	});

	it('records a CREATE_FAILED App Runner service and its failed operations', () => {
		const summary: AppRunnerServiceSummary = {
			arn: `arn:aws:apprunner:${region}:${account}:service/shop/${'e'.repeat(32)}`,
			name: 'shop',
			id: 'e'.repeat(32),
			status: 'CREATE_FAILED',
		};
		const operations = [
			{id: 'op-1', type: 'CREATE_SERVICE', status: 'FAILED', startedAt: at('06:00:00'), endedAt: at('06:05:00')},
			{id: 'op-0', type: 'START_DEPLOYMENT', status: 'SUCCEEDED', startedAt: at('05:00:00'), endedAt: at('05:05:00')},
		];
		const item = correlate({appRunner: {available: true, services: [summary], operations: new Map([[summary.arn, operations]])}}).cases.get(
			'apprunner-service/shop',
		)!;
		expect(item.evidence.map(evidence => evidence.message)).toEqual([
			'Service shop is in status CREATE_FAILED: it never came up and cannot take a deployment.',
			'CREATE_SERVICE operation op-1 ended FAILED',
		]);
	});
});

describe('unknownTaskIds', () => {
	it('lists, per log group, the task ids of awslogs streams that no known task accounts for', () => {
		const hits = [
			hit('/ecs/a', `ecs/web/${taskId(1)}`, '07:00:00'),
			hit('/ecs/a', `ecs/web/${taskId(2)}`, '07:00:01'),
			hit('/ecs/a', `ecs/web/${taskId(2)}`, '07:00:02'),
		];
		expect([...unknownTaskIds(hits, new Set([taskId(1)]))]).toEqual([['/ecs/a', [taskId(2)]]]);
	});
});
