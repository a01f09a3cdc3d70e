/**
 * Groups every signal (log lines, stopped tasks, failed deployments, App Runner failures)
 * into one case per workload: a service with five failed tasks is one case with five
 * pieces of evidence.
 */
import type {Platform} from '../registry/platform.js';
import type {AppRunnerOperation, AppRunnerServiceSummary, EcsService, EcsTask, EcsTaskDefinition, LambdaFunctionSummary, LogHit} from '../ports/account.js';
import {isFailedOperation, type AppRunnerInventory, type EcsInventory, type LambdaInventory} from './facts.js';
import {withinWindow, type ScanScope} from './scope.js';
import {
	arnName,
	clusterNameOf,
	isExecFormatError,
	isFailedTask,
	logSignature,
	rejectedImageOf,
	parseAppRunnerLogGroup,
	parseAwslogsStream,
	pullPlatformFailure,
	serviceNameOfTask,
} from './signatures.js';
import type {Evidence, Workload} from './types.js';

export type Case = {
	readonly id: string;
	readonly workload: Workload;
	readonly service?: EcsService;
	readonly appRunner?: AppRunnerServiceSummary;
	readonly lambda?: LambdaFunctionSummary;
	/** Failed tasks of this workload, newest first. */
	readonly tasks: EcsTask[];
	/** Containers named by log streams or failing exit codes. */
	readonly containers: Set<string>;
	readonly evidence: Evidence[];
	execFormat: boolean;
	pullPlatform?: Platform;
	/** Lambda refused an update to this image (its media type: an index). */
	rejectedImage?: string;
	/** Failures whose cause is not shown (exit codes, failed deployments, CREATE_FAILED). */
	otherFailure: boolean;
	/** Why the workload behind some evidence could not be identified. */
	readonly notes: string[];
};

export type CorrelationInput = {
	readonly scope: ScanScope;
	readonly accountId?: string;
	readonly region: string;
	readonly ecs: EcsInventory;
	readonly appRunner: AppRunnerInventory;
	readonly lambda?: LambdaInventory;
	readonly taskDefinitions: ReadonlyMap<string, EcsTaskDefinition>;
	/** Tasks looked up for log lines whose task was not among the stopped tasks listed. */
	readonly extraTasks: readonly EcsTask[];
	readonly hits: readonly LogHit[];
};

const iso = (time: Date | number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

function taskEvidence(task: EcsTask): Evidence {
	const failing = task.containers.filter(container => (container.exitCode !== undefined && container.exitCode !== 0) || container.reason);
	const details = failing.map(container => {
		const reason = container.reason && container.reason !== task.stoppedReason ? `: ${container.reason}` : '';
		return `container ${container.name}${container.exitCode === undefined ? '' : ` exit code ${container.exitCode}`}${reason}`;
	});
	const time = iso(task.stoppedAt);
	return {
		kind: 'stopped-task',
		...(time ? {time} : {}),
		message: `Task ${task.id} stopped (${task.stopCode ?? 'no stop code'}): ${task.stoppedReason ?? 'no reason given'}${details.length ? `; ${details.join('; ')}` : ''}`,
		taskArn: task.arn,
		...(failing[0] ? {containerName: failing[0].name} : {}),
		...(failing[0]?.exitCode === undefined ? {} : {exitCode: failing[0].exitCode}),
	};
}

export class Correlator {
	readonly cases = new Map<string, Case>();
	private readonly tasksById = new Map<string, EcsTask>();
	private readonly servicesByKey = new Map<string, EcsService>();

	constructor(private readonly input: CorrelationInput) {
		for (const task of [...input.ecs.stoppedTasks, ...input.extraTasks]) this.tasksById.set(task.id, task);
		for (const service of input.ecs.services) this.servicesByKey.set(`${service.clusterArn}|${service.name}`, service);
	}

	private ensureCase(id: string, create: () => Omit<Case, 'id' | 'tasks' | 'containers' | 'evidence' | 'execFormat' | 'otherFailure' | 'notes'>): Case {
		let existing = this.cases.get(id);
		if (!existing) {
			existing = {id, tasks: [], containers: new Set(), evidence: [], execFormat: false, otherFailure: false, notes: [], ...create()};
			this.cases.set(id, existing);
		}
		return existing;
	}

	private serviceCase(service: EcsService): Case {
		const cluster = clusterNameOf(service.clusterArn);
		return this.ensureCase(`ecs-service/${cluster}/${service.name}`, () => ({
			workload: {
				kind: 'ecs-service',
				name: service.name,
				arn: service.arn,
				cluster,
				...(service.launchType ? {launchType: service.launchType} : {}),
				taskDefinition: service.taskDefinition,
				status: service.status,
			},
			service,
		}));
	}

	private standaloneCase(task: EcsTask): Case {
		const cluster = clusterNameOf(task.clusterArn);
		const family = arnName(task.taskDefinitionArn).split(':')[0] ?? task.id;
		return this.ensureCase(`ecs-task/${cluster}/${family}`, () => ({
			workload: {
				kind: 'ecs-task',
				name: family,
				arn: task.arn,
				cluster,
				...(task.launchType ? {launchType: task.launchType} : {}),
				taskDefinition: task.taskDefinitionArn,
			},
		}));
	}

	private caseForTask(task: EcsTask): Case {
		const serviceName = serviceNameOfTask(task);
		const service = serviceName ? this.servicesByKey.get(`${task.clusterArn}|${serviceName}`) : undefined;
		if (service) return this.serviceCase(service);
		if (serviceName) {
			const cluster = clusterNameOf(task.clusterArn);
			return this.ensureCase(`ecs-service/${cluster}/${serviceName}`, () => ({
				workload: {kind: 'ecs-service', name: serviceName, arn: task.arn.replace(/:task\/([^/]+)\/.*/, ':service/$1/') + serviceName, cluster},
			}));
		}
		return this.standaloneCase(task);
	}

	private addTask(target: Case, task: EcsTask): void {
		if (target.tasks.some(existing => existing.arn === task.arn)) return;
		target.tasks.push(task);
		target.tasks.sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0));
		target.evidence.push(taskEvidence(task));
		const reasons = [task.stoppedReason ?? '', ...task.containers.map(container => container.reason ?? '')];
		const platform = reasons.map(reason => pullPlatformFailure(reason)).find(Boolean);
		if (platform) target.pullPlatform = platform;
		else if (reasons.some(reason => isExecFormatError(reason))) target.execFormat = true;
		else target.otherFailure = true;
		for (const container of task.containers) {
			if ((container.exitCode !== undefined && container.exitCode !== 0) || container.reason) target.containers.add(container.name);
		}
	}

	addFailedTasks(): void {
		for (const task of this.tasksById.values()) {
			if (isFailedTask(task) && withinWindow(this.input.scope, task.stoppedAt)) this.addTask(this.caseForTask(task), task);
		}
	}

	/** Services whose task definitions log to `group` with this prefix and container. */
	private servicesLoggingTo(group: string, prefix: string, container: string): EcsService[] {
		return this.input.ecs.services.filter(service => {
			const definitions = [service.taskDefinition, ...service.deployments.map(deployment => deployment.taskDefinition)];
			return definitions.some(arn =>
				this.input.taskDefinitions
					.get(arn)
					?.containers.some(
						definition =>
							definition.name === container &&
							definition.logConfiguration?.options['awslogs-group'] === group &&
							definition.logConfiguration.options['awslogs-stream-prefix'] === prefix,
					),
			);
		});
	}

	/** The newest revision of each family (no service's) whose containers log to `group` as `prefix/container`. */
	private familiesLoggingTo(group: string, prefix: string, container: string): EcsTaskDefinition[] {
		const newest = new Map<string, EcsTaskDefinition>();
		for (const definition of this.input.taskDefinitions.values()) {
			const logsThere = definition.containers.some(
				candidate =>
					candidate.name === container &&
					candidate.logConfiguration?.options['awslogs-group'] === group &&
					candidate.logConfiguration.options['awslogs-stream-prefix'] === prefix,
			);
			const known = newest.get(definition.family);
			if (logsThere && (!known || known.revision < definition.revision)) newest.set(definition.family, definition);
		}
		return [...newest.values()];
	}

	/** A task that is gone (a scheduled or standalone run), known from its log stream and its family's log configuration. */
	private familyCase(definition: EcsTaskDefinition, taskId: string, group: string, streamPrefix: string): Case {
		const target = this.ensureCase(`ecs-task/unknown/${definition.family}`, () => ({
			workload: {
				kind: 'ecs-task',
				name: definition.family,
				arn: `arn:aws:ecs:${this.input.region}:${this.input.accountId ?? 'unknown'}:task/${taskId}`,
				taskDefinition: definition.arn,
			},
		}));
		const note = `Task ${taskId} is no longer visible (ECS shows stopped tasks for about an hour); its log stream matches task definition family ${definition.family}, whose containers log to ${group} as ${streamPrefix}. Judged on ${arnName(definition.arn)}, the newest revision: the task may have run an older one, and the cluster it ran in is unknown.`;
		if (!target.notes.includes(note)) target.notes.push(note);
		return target;
	}

	private appRunnerCase(hit: LogHit): Case | undefined {
		const parsed = parseAppRunnerLogGroup(hit.logGroup);
		if (!parsed) return undefined;
		const summary = this.input.appRunner.services.find(service => service.id === parsed.serviceId);
		const arn = summary?.arn ?? `arn:aws:apprunner:${this.input.region}:${this.input.accountId ?? 'unknown'}:service/${parsed.serviceName}/${parsed.serviceId}`;
		return this.ensureCase(`apprunner-service/${parsed.serviceName}`, () => ({
			workload: {kind: 'apprunner-service', name: parsed.serviceName, arn, ...(summary ? {status: summary.status} : {})},
			...(summary ? {appRunner: summary} : {}),
		}));
	}

	private orphanCase(hit: LogHit, container: string | undefined, taskId: string | undefined, note: string): Case {
		const label = container ? `${container} (${hit.logGroup})` : hit.logGroup;
		const target = this.ensureCase(`ecs-task/unknown/${hit.logGroup}/${container ?? ''}`, () => ({
			workload: {
				kind: 'ecs-task',
				name: label,
				arn: taskId
					? `arn:aws:ecs:${this.input.region}:${this.input.accountId ?? 'unknown'}:task/${taskId}`
					: `arn:aws:logs:${this.input.region}:${this.input.accountId ?? 'unknown'}:log-group:${hit.logGroup}`,
				...(container ? {containerName: container} : {}),
			},
		}));
		if (!target.notes.includes(note)) target.notes.push(note);
		return target;
	}

	private lambdaCase(name: string): Case | undefined {
		const lambda = this.input.lambda?.functions.find(candidate => candidate.name === name);
		if (!lambda) return undefined;
		return this.ensureCase(`lambda-function/${lambda.name}`, () => ({
			workload: {kind: 'lambda-function', name: lambda.name, arn: lambda.arn, ...(lambda.state ? {status: lambda.state} : {})},
			lambda,
		}));
	}

	private caseForHit(hit: LogHit): Case {
		const appRunner = this.appRunnerCase(hit);
		if (appRunner) return appRunner;
		const lambdaName = /^\/aws\/lambda\/([^/]+)$/.exec(hit.logGroup)?.[1];
		const lambda = lambdaName ? this.lambdaCase(lambdaName) : undefined;
		if (lambda) return lambda;
		const stream = parseAwslogsStream(hit.logStream);
		if (!stream)
			return this.orphanCase(
				hit,
				undefined,
				undefined,
				`Log stream ${hit.logStream} is not an awslogs task stream (prefix/container/task-id), so it names no task.`,
			);
		const task = this.tasksById.get(stream.taskId);
		if (task) return this.caseForTask(task);
		const services = this.servicesLoggingTo(hit.logGroup, stream.prefix, stream.container);
		if (services.length === 1) return this.serviceCase(services[0]!);
		const families = services.length === 0 ? this.familiesLoggingTo(hit.logGroup, stream.prefix, stream.container) : [];
		if (families.length === 1) return this.familyCase(families[0]!, stream.taskId, hit.logGroup, `${stream.prefix}/${stream.container}`);
		const note =
			services.length > 1
				? `Task ${stream.taskId} is no longer visible and ${services.length} services (${services.map(service => service.name).join(', ')}) log to ${hit.logGroup} as ${stream.prefix}/${stream.container}.`
				: `Task ${stream.taskId} is no longer visible (ECS shows stopped tasks for about an hour) and no service in scope logs to ${hit.logGroup} as ${stream.prefix}/${stream.container}.`;
		return this.orphanCase(hit, stream.container, stream.taskId, note);
	}

	addLogHits(hits: readonly LogHit[]): void {
		for (const hit of hits) {
			const signature = logSignature(hit.message);
			if (!signature) continue;
			const target = this.caseForHit(hit);
			const stream = parseAwslogsStream(hit.logStream);
			const task = stream ? this.tasksById.get(stream.taskId) : undefined;
			const key = `${hit.logGroup}|${hit.logStream}|${signature}`;
			const seen = target.evidence.find(item => item.kind === 'log-line' && `${item.logGroup}|${item.logStream}|${logSignature(item.message) ?? ''}` === key);
			if (seen) continue;
			if (task) this.addTask(target, task);
			if (stream) target.containers.add(stream.container);
			if (signature === 'exec-format') target.execFormat = true;
			else if (signature === 'pull-platform') {
				const platform = pullPlatformFailure(hit.message);
				if (platform) target.pullPlatform = platform;
				else target.otherFailure = true;
			} else target.otherFailure = true;
			const first = hit.firstTimestamp !== undefined && hit.firstTimestamp !== hit.timestamp ? new Date(hit.firstTimestamp).toISOString() : undefined;
			target.evidence.push({
				kind: 'log-line',
				time: new Date(hit.timestamp).toISOString(),
				message: hit.message,
				logGroup: hit.logGroup,
				logStream: hit.logStream,
				...(task ? {taskArn: task.arn} : {}),
				...(stream ? {containerName: stream.container} : {}),
				...(hit.count !== undefined && hit.count > 1 ? {count: hit.count} : {}),
				...(first ? {firstTime: first} : {}),
			});
		}
	}

	/** Failed deployments and their service events, for services with no stopped task left to show. */
	addServiceFailures(): void {
		const {scope} = this.input;
		for (const service of this.input.ecs.services) {
			const failed = service.deployments.filter(
				deployment => (deployment.rolloutState === 'FAILED' || deployment.failedTasks > 0) && withinWindow(scope, deployment.updatedAt ?? deployment.createdAt),
			);
			const events = service.events.filter(
				event => /deployment failed|rolling back|unable to place a task/i.test(event.message) && withinWindow(scope, event.createdAt),
			);
			if (failed.length === 0 && events.length === 0) continue;
			const target = this.serviceCase(service);
			target.otherFailure = true;
			for (const deployment of failed) {
				const time = iso(deployment.updatedAt ?? deployment.createdAt);
				target.evidence.push({
					kind: 'deployment',
					...(time ? {time} : {}),
					message: `Deployment ${deployment.id} (${arnName(deployment.taskDefinition)}): rollout ${deployment.rolloutState ?? 'unknown'}, ${deployment.failedTasks} failed tasks, ${deployment.runningCount}/${deployment.desiredCount} running${deployment.rolloutStateReason ? `; ${deployment.rolloutStateReason}` : ''}`,
				});
			}
			for (const event of events) {
				const time = iso(event.createdAt);
				target.evidence.push({kind: 'service-event', ...(time ? {time} : {}), message: event.message});
			}
		}
	}

	/** Image functions whose last update Lambda refused for the image's media type: an index. */
	addLambdaFailures(): void {
		for (const lambda of this.input.lambda?.functions ?? []) {
			const reason = lambda.lastUpdateStatusReason ?? '';
			if (lambda.lastUpdateStatus !== 'Failed' || logSignature(reason) !== 'lambda-image-rejected') continue;
			if (lambda.lastModified && !withinWindow(this.input.scope, lambda.lastModified)) continue;
			const target = this.lambdaCase(lambda.name)!;
			target.rejectedImage = rejectedImageOf(reason) ?? '';
			const time = iso(lambda.lastModified);
			target.evidence.push({
				kind: 'lambda-update',
				...(time ? {time} : {}),
				message: `LastUpdateStatus Failed (${lambda.lastUpdateStatusReasonCode ?? 'no code'}): ${reason}`,
			});
		}
	}

	addAppRunnerFailures(): void {
		for (const summary of this.input.appRunner.services) {
			const operations: readonly AppRunnerOperation[] = this.input.appRunner.operations.get(summary.arn) ?? [];
			const failed = operations.filter(operation => isFailedOperation(operation) && withinWindow(this.input.scope, operation.endedAt ?? operation.startedAt));
			if (summary.status !== 'CREATE_FAILED' && failed.length === 0) continue;
			const target = this.ensureCase(`apprunner-service/${summary.name}`, () => ({
				workload: {kind: 'apprunner-service', name: summary.name, arn: summary.arn, status: summary.status},
				appRunner: summary,
			}));
			target.otherFailure = true;
			if (summary.status === 'CREATE_FAILED')
				target.evidence.push({
					kind: 'apprunner-status',
					message: `Service ${summary.name} is in status CREATE_FAILED: it never came up and cannot take a deployment.`,
				});
			for (const operation of failed) {
				const time = iso(operation.endedAt ?? operation.startedAt);
				target.evidence.push({
					kind: 'apprunner-operation',
					...(time ? {time} : {}),
					message: `${operation.type} operation ${operation.id} ended ${operation.status}`,
				});
			}
		}
	}
}

/** Task ids named by log streams that no listed task accounts for, with the clusters worth asking. */
export function unknownTaskIds(hits: readonly LogHit[], known: ReadonlySet<string>): Map<string, string[]> {
	const byGroup = new Map<string, string[]>();
	for (const hit of hits) {
		const stream = parseAwslogsStream(hit.logStream);
		if (!stream || known.has(stream.taskId)) continue;
		const ids = byGroup.get(hit.logGroup) ?? [];
		if (!ids.includes(stream.taskId)) ids.push(stream.taskId);
		byGroup.set(hit.logGroup, ids);
	}
	return byGroup;
}
