/**
 * Proof that a fix worked: the image in ECR holds the platform, the new deployment runs tasks
 * on it with that very digest, and no new exec format error was logged. Anything less is
 * reported as not verified, with the evidence.
 */
import type {AccountPort, EcsTask, EcsTaskDefinition} from '../ports/account.js';
import {logGroupArnFor, LogWatch, type LogSource, type LogWatchEvent} from './watch-logs.js';
import {ImageReader} from '../reading/image-reader.js';
import type {ImageFacts} from '../diagnosis/facts.js';
import {execFormatFilterPattern} from '../reading/log-search.js';
import {Progress} from '../reading/progress.js';
import {awslogsStreamName, isExecFormatError, isFailedTask, pullPlatformFailure} from '../diagnosis/signatures.js';
import type {Evidence} from '../diagnosis/types.js';
import {formatPlatform, makePlatform, runsOn, type Platform} from '../registry/platform.js';
import {isAwsError} from '../errors.js';
import {plural} from '../text.js';
import type {Plan} from './plan.js';
import type {Clock} from '../clock.js';
import type {RunMemory} from './steps/step.js';
import type {FixSubject} from './subject.js';
import type {Verification, VerificationCheck} from './types.js';
import {lambdaRunnable} from './plan.js';
import {verifyLambda} from './verify-lambda.js';

export type VerifyOptions = {
	readonly timeoutMs: number;
	readonly pollMs: number;
	readonly startedAt: Date;
	readonly onProgress?: (message: string) => void;
	readonly signal?: AbortSignal;
	/** Ctrl-C (or q in the app): stop waiting at the next look. The changes stay made. */
	readonly shouldStop?: () => boolean;
	readonly clock: Clock;
	/** The new tasks' log lines as they arrive, and how they are read. */
	readonly onLog?: (event: LogWatchEvent) => void;
};

type DefinitionOf = (taskDefinition: string) => Promise<EcsTaskDefinition>;

/**
 * The awslogs streams of a revision's containers in this region, as Live Tail and FilterLogEvents
 * name them: the live view and the final check for exec format error lines read the same ones.
 */
function ecsLogSources(subject: FixSubject, definition: EcsTaskDefinition): LogSource[] {
	const sources: LogSource[] = [];
	for (const container of definition.containers) {
		const options = container.logConfiguration?.driver === 'awslogs' ? container.logConfiguration.options : undefined;
		const group = options?.['awslogs-group'];
		const prefix = options?.['awslogs-stream-prefix'];
		if (!group || !prefix || (options['awslogs-region'] && options['awslogs-region'] !== subject.region)) continue;
		sources.push({
			logGroup: group,
			logGroupArn: logGroupArnFor(subject.workload.arn, group),
			streamPrefix: awslogsStreamName(prefix, container.name, ''),
			container: container.name,
		});
	}
	return sources;
}

/** An App Runner service's log group: `service` (its deployments' events) or `application` (what the instances print). */
function appRunnerLogSource(subject: FixSubject, kind: 'service' | 'application'): LogSource {
	const {arn, name, id} = subject.appRunner!;
	const group = `/aws/apprunner/${name}/${id}/${kind}`;
	return {logGroup: group, logGroupArn: logGroupArnFor(arn, group)};
}

const stoppedByUser: VerificationCheck = {name: 'verification', ok: false, detail: 'stopped by the user before the deployment settled'};

const iso = (date: Date | undefined) => date?.toISOString();

function taskEvidence(task: EcsTask): Evidence {
	const container = task.containers.find(candidate => (candidate.exitCode ?? 0) !== 0 || candidate.reason);
	const time = iso(task.stoppedAt);
	return {
		kind: 'stopped-task',
		...(time ? {time} : {}),
		message: `New task ${task.id} stopped (${task.stopCode ?? ''}): ${task.stoppedReason ?? ''}${container ? `; container ${container.name}${container.exitCode === undefined ? '' : ` exit code ${container.exitCode}`}${container.reason && container.reason !== task.stoppedReason ? `: ${container.reason}` : ''}` : ''}`,
		taskArn: task.arn,
	};
}

async function tasksOf(account: AccountPort, cluster: string, service: string, status: 'RUNNING' | 'STOPPED', deploymentId: string): Promise<EcsTask[]> {
	const arns = await account.listTasks(cluster, {desiredStatus: status, serviceName: service});
	if (arns.length === 0) return [];
	return (await account.describeTasks(cluster, arns)).tasks.filter(task => task.startedBy === deploymentId);
}

/** How many more looks must see the same tasks running. */
export const steadyLooks = 2;

type Settled = {
	verdict: 'verified' | 'not-verified' | 'timed-out' | 'stopped';
	checks: VerificationCheck[];
	evidence: Evidence[];
	taskIds: string[];
	taskDefinition?: string;
};

/**
 * The digests a task that runs `image` for `platform` may report: whether ECS gives a multi-platform
 * image's index digest or its platform entry's is not documented, so both count.
 */
export function acceptedDigests(image: ImageFacts, platform: Platform): string[] {
	if (!image.digest) return [];
	return [image.digest, ...(image.entries ?? []).filter(entry => runsOn(entry.platform, platform)).map(entry => entry.digest)];
}

async function waitForEcs(
	subject: FixSubject,
	plan: Plan,
	memory: RunMemory,
	account: AccountPort,
	expected: readonly string[],
	options: VerifyOptions,
	logs: {watch?: LogWatch; definitionOf: DefinitionOf},
): Promise<Settled> {
	const cluster = subject.workload.cluster!;
	const service = subject.workload.name;
	const deadline = options.startedAt.getTime() + options.timeoutMs;
	const target = plan.targetPlatform;
	// A task that dies at exec can be caught in the moment it shows RUNNING: the same tasks must
	// still be running on two more looks (10 s at the default 5 s poll) before the deployment counts as up.
	let seenRunning = '';
	let looksAlike = 0;
	for (;;) {
		const {services} = await account.describeServices(cluster, [service]);
		const deployments = services[0]?.deployments ?? [];
		const deployment =
			deployments.find(candidate => candidate.id === memory.deploymentId) ??
			(memory.deploymentId ? undefined : deployments.find(candidate => candidate.status === 'PRIMARY'));
		if (!deployment) {
			return {
				verdict: 'not-verified',
				checks: [{name: 'deployment', ok: false, detail: `deployment ${memory.deploymentId ?? ''} is gone: ECS rolled it back or replaced it`}],
				evidence: [],
				taskIds: [],
			};
		}
		if (services[0]!.desiredCount === 0) {
			return {
				verdict: 'not-verified',
				checks: [{name: 'deployment', ok: false, detail: `service ${service} has a desired count of 0: no task runs to prove the fix`}],
				evidence: [],
				taskIds: [],
				taskDefinition: deployment.taskDefinition,
			};
		}
		const stopped = (await tasksOf(account, cluster, service, 'STOPPED', deployment.id)).filter(isFailedTask);
		const running = (await tasksOf(account, cluster, service, 'RUNNING', deployment.id)).filter(task => task.lastStatus === 'RUNNING');
		const taskIds = [...stopped, ...running].map(task => task.id);
		if (logs.watch) {
			// Watching is a view: a revision that cannot be read leaves it empty, not the verification failed.
			const definition = await logs.definitionOf(deployment.taskDefinition).catch(() => undefined);
			await logs.watch.look(definition ? ecsLogSources(subject, definition) : [], taskIds);
		}
		const allRunning = running.length >= Math.max(1, deployment.desiredCount);
		const runningIds = allRunning
			? running
					.map(task => task.id)
					.sort()
					.join(' ')
			: '';
		looksAlike = allRunning && runningIds === seenRunning ? looksAlike + 1 : 0;
		seenRunning = runningIds;
		const watching = allRunning && looksAlike < steadyLooks ? `; checking they stay up (${plural(steadyLooks - looksAlike, 'more look')})` : '';
		options.onProgress?.(
			`deployment ${deployment.id} ${deployment.rolloutState ?? ''}: ${running.length}/${deployment.desiredCount} running, ${deployment.pendingCount} pending, ${stopped.length} failed${watching}`,
		);
		const sameFailure = stopped.filter(
			task =>
				[task.stoppedReason ?? '', ...task.containers.map(container => container.reason ?? '')].some(
					text => isExecFormatError(text) || pullPlatformFailure(text),
				) || task.stopCode === 'EssentialContainerExited',
		);
		if (deployment.rolloutState === 'FAILED' || sameFailure.length >= 2) {
			return {
				verdict: 'not-verified',
				checks: [
					{
						name: 'deployment',
						ok: false,
						detail: `deployment ${deployment.id} ${deployment.rolloutState === 'FAILED' ? `failed (${deployment.rolloutStateReason ?? 'rollout FAILED'})` : `keeps failing: ${stopped.length} new tasks stopped`}`,
					},
				],
				evidence: stopped.map(taskEvidence),
				taskIds,
				taskDefinition: deployment.taskDefinition,
			};
		}
		if (looksAlike >= steadyLooks) {
			const checks: VerificationCheck[] = [
				{name: 'deployment', ok: true, detail: `deployment ${deployment.id}: ${running.length}/${deployment.desiredCount} tasks running`},
			];
			const wrongPlatform = running.filter(task => !task.cpuArchitecture || !runsOn(makePlatform('linux', task.cpuArchitecture), target));
			checks.push({
				name: 'platform',
				ok: wrongPlatform.length === 0,
				detail:
					wrongPlatform.length === 0
						? `the new tasks run on ${formatPlatform(target)} (ecs.cpu-architecture ${running[0]!.cpuArchitecture})`
						: `task ${wrongPlatform[0]!.id} runs on ${wrongPlatform[0]!.cpuArchitecture ?? 'an unknown architecture'}`,
			});
			if (expected.length > 0) {
				const digests = running.map(task => task.containers.find(container => container.name === subject.container.name)?.imageDigest);
				// findIndex, not find: a task that reports no digest at all is a mismatch too.
				const bad = digests.findIndex(digest => !digest || !expected.includes(digest));
				const wanted =
					expected.length > 1 ? `${expected[0]} (the index) or ${expected.slice(1).join(', ')} (its ${formatPlatform(target)} entry)` : expected[0]!;
				checks.push({
					name: 'digest',
					ok: bad === -1,
					detail: bad === -1 ? `the new tasks run ${digests[0]}` : `a new task runs ${digests[bad] ?? 'no known digest'}, not ${wanted}`,
				});
			}
			return {verdict: checks.every(check => check.ok) ? 'verified' : 'not-verified', checks, evidence: [], taskIds, taskDefinition: deployment.taskDefinition};
		}
		if (options.clock.now() > deadline) {
			return {
				verdict: 'timed-out',
				checks: [
					{
						name: 'deployment',
						ok: false,
						detail: `deployment ${deployment.id} did not settle within ${Math.round(options.timeoutMs / 1000)} s: ${running.length}/${deployment.desiredCount} running, ${stopped.length} failed`,
					},
				],
				evidence: [
					...stopped.map(taskEvidence),
					...services[0]!.events
						.filter(event => event.createdAt && event.createdAt >= options.startedAt)
						.slice(0, 5)
						.map(event => ({kind: 'service-event' as const, ...(event.createdAt ? {time: event.createdAt.toISOString()} : {}), message: event.message})),
				],
				taskIds,
				taskDefinition: deployment.taskDefinition,
			};
		}
		if (options.shouldStop?.())
			return {verdict: 'stopped', checks: [stoppedByUser], evidence: stopped.map(taskEvidence), taskIds, taskDefinition: deployment.taskDefinition};
		await options.clock.sleep(options.pollMs, options.signal);
	}
}

async function waitForAppRunner(subject: FixSubject, memory: RunMemory, account: AccountPort, options: VerifyOptions, watch?: LogWatch): Promise<Settled> {
	const arn = subject.appRunner!.arn;
	const deadline = options.startedAt.getTime() + options.timeoutMs;
	for (;;) {
		if (watch) await watch.look([appRunnerLogSource(subject, 'service'), appRunnerLogSource(subject, 'application')], 'all');
		const operation = (await account.listAppRunnerOperations(arn, 10)).find(candidate => candidate.id === memory.operationId);
		options.onProgress?.(`App Runner operation ${memory.operationId ?? ''} ${operation?.status ?? 'not listed yet'}`);
		if (operation && operation.status === 'SUCCEEDED') {
			const service = await account.describeAppRunnerService(arn);
			const ok = service.status === 'RUNNING';
			return {
				verdict: ok ? 'verified' : 'not-verified',
				checks: [{name: 'deployment', ok, detail: `operation ${operation.type} SUCCEEDED; service ${service.status}`}],
				evidence: [],
				taskIds: [],
			};
		}
		if (operation && ['FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED', 'ROLLBACK_IN_PROGRESS'].includes(operation.status)) {
			return {
				verdict: 'not-verified',
				checks: [{name: 'deployment', ok: false, detail: `operation ${operation.type} ended ${operation.status}`}],
				evidence: [],
				taskIds: [],
			};
		}
		if (options.clock.now() > deadline) {
			return {
				verdict: 'timed-out',
				checks: [{name: 'deployment', ok: false, detail: `operation ${memory.operationId ?? ''} did not end within ${Math.round(options.timeoutMs / 1000)} s`}],
				evidence: [],
				taskIds: [],
			};
		}
		if (options.shouldStop?.()) return {verdict: 'stopped', checks: [stoppedByUser], evidence: [], taskIds: []};
		await options.clock.sleep(options.pollMs, options.signal);
	}
}

/** Exec format error lines logged since the fix started, by the new tasks (ECS) or the service (App Runner). */
async function newExecFormatLines(
	subject: FixSubject,
	account: AccountPort,
	definitionOf: DefinitionOf,
	settled: Settled,
	startedAt: Date,
	clock: Clock,
): Promise<Evidence[]> {
	const sources = subject.appRunner
		? [appRunnerLogSource(subject, 'application')]
		: settled.taskDefinition && settled.taskIds.length > 0
			? ecsLogSources(subject, await definitionOf(settled.taskDefinition))
			: [];
	// FilterLogEvents takes at most 100 stream names.
	const filters = sources.map(source => ({
		logGroupName: source.logGroup,
		...(source.streamPrefix ? {logStreamNames: settled.taskIds.slice(0, 100).map(id => `${source.streamPrefix}${id}`)} : {}),
	}));
	const evidence: Evidence[] = [];
	for (const filter of filters) {
		try {
			const hits = await account.filterLogEvents({...filter, filterPattern: execFormatFilterPattern, start: startedAt, end: new Date(clock.now())});
			for (const hit of hits)
				evidence.push({kind: 'log-line', time: new Date(hit.timestamp).toISOString(), message: hit.message, logGroup: hit.logGroup, logStream: hit.logStream});
		} catch (error) {
			if (!isAwsError(error) || error.kind === 'credentials') throw error;
		}
	}
	return evidence;
}

export async function verifyFix(subject: FixSubject, plan: Plan, memory: RunMemory, account: AccountPort, options: VerifyOptions): Promise<Verification> {
	const reference = plan.destination ?? subject.container.image;
	const image = await new ImageReader(account, new Progress()).read(reference);
	const holds = subject.lambda ? lambdaRunnable(image, plan.targetPlatform) : image.platforms.some(platform => runsOn(platform, plan.targetPlatform));
	const imageCheck: VerificationCheck = {
		name: 'image',
		ok: holds,
		detail: image.unknownReason
			? `could not read ${reference}: ${image.unknownReason}`
			: `${reference} in ECR ${subject.lambda && image.kind === 'index' ? 'is an index of' : 'holds'} ${image.platforms.map(formatPlatform).join(', ')}${image.digest ? ` (${image.digest})` : ''}`,
	};
	if (!holds) return {status: 'not-verified', checks: [imageCheck], evidence: []};
	if (subject.lambda) return verifyLambda(subject, plan, account, imageCheck, options);
	const definitions = new Map<string, Promise<EcsTaskDefinition>>();
	const definitionOf: DefinitionOf = taskDefinition => {
		if (!definitions.has(taskDefinition)) definitions.set(taskDefinition, account.describeTaskDefinition(taskDefinition));
		return definitions.get(taskDefinition)!;
	};
	const watch = options.onLog ? new LogWatch(account, {since: options.startedAt, clock: options.clock, onEvent: options.onLog}) : undefined;
	let settled: Settled;
	try {
		settled = subject.appRunner
			? await waitForAppRunner(subject, memory, account, options, watch)
			: await waitForEcs(subject, plan, memory, account, acceptedDigests(image, plan.targetPlatform), options, {...(watch ? {watch} : {}), definitionOf});
	} finally {
		watch?.stop();
	}
	await watch?.finish(subject.appRunner ? 'all' : settled.taskIds);
	const lines = await newExecFormatLines(subject, account, definitionOf, settled, options.startedAt, options.clock);
	const logCheck: VerificationCheck = {
		name: 'logs',
		ok: lines.length === 0,
		detail: lines.length === 0 ? 'no exec format error since the fix started' : `${lines.length} new exec format error lines since the fix started`,
	};
	const checks = [imageCheck, ...settled.checks, logCheck];
	const status =
		settled.verdict === 'verified' && logCheck.ok
			? 'verified'
			: settled.verdict === 'timed-out' || settled.verdict === 'stopped'
				? settled.verdict
				: 'not-verified';
	return {status, checks, evidence: [...lines, ...settled.evidence]};
}
