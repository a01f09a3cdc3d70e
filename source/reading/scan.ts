/**
 * The scan: log line → task → task definition → image digest → platforms → verdict.
 * Resource reads and the broad log search run side by side; findings are published as
 * soon as they are known (from the stopped tasks' own streams) and refined when the
 * broad search ends.
 */
import pLimit from 'p-limit';
import {CannotRunError, isAwsError} from '../errors.js';
import type {AccountPort, AppRunnerService, EcsTask, EcsTaskDefinition, LambdaFunction, LogHit} from '../ports/account.js';
import {Correlator, unknownTaskIds} from '../diagnosis/correlate.js';
import {ImageReader} from './image-reader.js';
import {readAppRunner, readEcs, readLambda} from './inventory.js';
import type {AppRunnerInventory, EcsInventory, LambdaInventory} from '../diagnosis/facts.js';
import {breadthPrefixes, lineCount, LogSearch, logTargetsOf, mergeHits, type LogTarget} from './log-search.js';
import type {ScanEvent} from '../diagnosis/events.js';
import {Progress} from './progress.js';
import {resolveCase} from './resolve-case.js';
import {RuntimeReader} from './runtime-reader.js';
import {defaultLayerBudgetBytes, LayerReader} from './layer-reader.js';
import {includesAppRunner, includesEcs, includesLambda, isNarrowed, withinWindow, type ScanScope} from '../diagnosis/scope.js';
import {awslogsStreamName, isFailedTask, parseAwslogsStream} from '../diagnosis/signatures.js';
import {plural} from '../text.js';
import {sortFindings} from '../diagnosis/findings-order.js';
import {schemaVersion, type Finding, type HostReport, type ScanReport} from '../diagnosis/types.js';

export type ScanDependencies = {
	readonly account: AccountPort;
	readonly probeHost: () => Promise<HostReport>;
	readonly profile?: string;
	readonly onEvent?: (event: ScanEvent) => void;
	readonly concurrency?: {readonly ecs?: number; readonly logs?: number; readonly ecr?: number};
	/** The whole scan's budget: past it, what has not answered is a warning and the report has the rest. */
	readonly budgetMs?: number;
	/** Compressed layer bytes that may be read for the bytes of one failing file; false reads none. */
	readonly layerBytes?: number | false;
	/** The same identity in another region: images in another region's ECR are read there. */
	readonly regionPort?: (region: string) => Promise<AccountPort>;
	/** Config blobs by digest, shared with the other scans of a run of several regions or accounts. */
	readonly blobCache?: Map<string, Promise<Uint8Array>>;
};

function taskDefinitionArns(ecs: EcsInventory): string[] {
	const arns = new Set<string>();
	for (const service of ecs.services) {
		arns.add(service.taskDefinition);
		for (const deployment of service.deployments) arns.add(deployment.taskDefinition);
	}
	for (const task of ecs.stoppedTasks) if (isFailedTask(task)) arns.add(task.taskDefinitionArn);
	arns.delete('');
	return [...arns];
}

/**
 * The revisions the evidence implicates: a failing or failed deployment, a failed stopped task.
 * Only these are described before the logs are searched; the rest of the inventory stays unread
 * unless a log line names a task nothing explains.
 */
function implicatedArns(ecs: EcsInventory, scope: ScanScope): string[] {
	const arns = new Set<string>();
	for (const service of ecs.services) {
		const failing = service.deployments.filter(
			deployment => deployment.rolloutState === 'FAILED' || deployment.failedTasks > 0 || deployment.status === 'PRIMARY',
		);
		const failed = service.deployments.some(deployment => deployment.rolloutState === 'FAILED' || deployment.failedTasks > 0);
		const events = service.events.some(
			event => /deployment failed|rolling back|unable to place a task/i.test(event.message) && withinWindow(scope, event.createdAt),
		);
		if (!failed && !events) continue;
		arns.add(service.taskDefinition);
		for (const deployment of failing) arns.add(deployment.taskDefinition);
	}
	for (const task of ecs.stoppedTasks) if (isFailedTask(task)) arns.add(task.taskDefinitionArn);
	arns.delete('');
	return [...arns];
}

/** Lines of task streams whose task is unknown and that no revision read so far logs like. */
function unexplainedHits(hits: readonly LogHit[], tasks: readonly EcsTask[], definitions: ReadonlyMap<string, EcsTaskDefinition>): LogHit[] {
	const known = new Set(tasks.map(task => task.id));
	const targets = [...definitions.values()].flatMap(definition =>
		definition.containers.map(container => {
			const options = container.logConfiguration?.driver === 'awslogs' ? container.logConfiguration.options : undefined;
			return `${options?.['awslogs-group'] ?? ''}|${options?.['awslogs-stream-prefix'] ?? ''}/${container.name}`;
		}),
	);
	return hits.filter(hit => {
		const stream = parseAwslogsStream(hit.logStream);
		if (!stream || known.has(stream.taskId)) return false;
		return !targets.includes(`${hit.logGroup}|${stream.prefix}/${stream.container}`);
	});
}

function appRunnerTargets(appRunner: AppRunnerInventory): LogTarget[] {
	return appRunner.services.map(service => ({group: `/aws/apprunner/${service.name}/${service.id}/application`}));
}

/** Lambda logs to /aws/lambda/<name>: each image function's group is searched by name. */
function lambdaTargets(lambda: LambdaInventory): LogTarget[] {
	return lambda.functions.map(item => ({group: `/aws/lambda/${item.name}`}));
}

/** The awslogs streams of failed tasks, which hold the exec line if the container printed one. */
function knownStreams(tasks: readonly EcsTask[], definitions: ReadonlyMap<string, EcsTaskDefinition>, scope: ScanScope): Map<string, string[]> {
	const byGroup = new Map<string, string[]>();
	for (const task of tasks) {
		if (!isFailedTask(task) || !withinWindow(scope, task.stoppedAt) || task.stopCode === 'TaskFailedToStart') continue;
		const definition = definitions.get(task.taskDefinitionArn);
		for (const container of definition?.containers ?? []) {
			const options = container.logConfiguration?.driver === 'awslogs' ? container.logConfiguration.options : undefined;
			const group = options?.['awslogs-group'];
			const prefix = options?.['awslogs-stream-prefix'];
			if (!group || !prefix) continue;
			byGroup.set(group, [...(byGroup.get(group) ?? []), awslogsStreamName(prefix, container.name, task.id)]);
		}
	}
	return byGroup;
}

/**
 * Marks a promise started ahead of time as handled: when an earlier step fails (no
 * credentials), it must not crash the process as an unhandled rejection. Awaiting it
 * later still throws.
 */
function handled<T>(promise: Promise<T>): Promise<T>;
function handled<T>(promise: Promise<T> | undefined): Promise<T> | undefined;
function handled<T>(promise: Promise<T> | undefined): Promise<T> | undefined {
	promise?.catch(() => undefined);
	return promise;
}

export async function scan(scope: ScanScope, dependencies: ScanDependencies): Promise<ScanReport> {
	const {budgetMs} = dependencies;
	if (!budgetMs) return scanAccount(scope, dependencies);
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), budgetMs);
	try {
		const account = dependencies.account.withDeadline?.({signal: controller.signal, budgetMs}) ?? dependencies.account;
		return await scanAccount(scope, {...dependencies, account});
	} finally {
		clearTimeout(timer);
	}
}

async function scanAccount(scope: ScanScope, dependencies: ScanDependencies): Promise<ScanReport> {
	const {account: port} = dependencies;
	const concurrency = {ecs: 16, logs: 4, ecr: 8, ...dependencies.concurrency};
	// Held until the identity answers: when it fails, the others' warnings are not worth showing.
	const held: ScanEvent[] = [];
	let identified = false;
	const progress = new Progress(event => (identified ? dependencies.onEvent?.(event) : held.push(event)));
	const hostPromise = handled(dependencies.probeHost());
	const window = {start: scope.since, end: scope.until};
	const logSearch = new LogSearch(port, window, progress, concurrency.logs);

	const prefixes = isNarrowed(scope) ? [] : breadthPrefixes;
	progress.source('logs', 'running', 0, prefixes.length > 0 ? `Logs Insights over ${prefixes.join(', ')}` : undefined);
	// Identity, the breadth query (the slowest step, which needs no inventory) and the inventory
	// start together. When credentials or the endpoint are wrong, every call fails the same way:
	// identity's failure is the one line said, and the others' warnings are dropped with it.
	const identityCall = port.identity();
	const breadth = handled(logSearch.startBreadth(prefixes));
	const inventory = handled(
		Promise.all([readEcs(port, scope, progress, concurrency.ecs), readAppRunner(port, scope, progress, concurrency.ecs), readLambda(port, scope, progress)]),
	);
	const identity = await identityCall.catch(error => {
		if (isAwsError(error, 'endpoint')) throw error;
		progress.tolerate(error, 'Reading the account id');
		return undefined;
	});
	identified = true;
	for (const event of held.splice(0)) dependencies.onEvent?.(event);
	const [ecs, appRunner, lambda] = await inventory;
	progress.emit({type: 'identity', ...(identity ? {account: identity.account} : {}), region: port.region});
	const unreadable = [
		[includesEcs(scope), ecs.available],
		[includesAppRunner(scope), appRunner.available],
		[includesLambda(scope), lambda.available],
	].every(([included, available]) => !included || !available);
	if (unreadable) {
		const reasons = progress.warnings.map(warning => warning.message).join(' ');
		throw new CannotRunError(`Could not read any ECS, App Runner or Lambda workload in ${port.region}. ${reasons}`.trim());
	}

	const limitEcs = pLimit(concurrency.ecs);
	const definitionCache = new Map<string, Promise<EcsTaskDefinition | undefined>>();
	const taskDefinition = (arn: string | undefined): Promise<EcsTaskDefinition | undefined> => {
		if (!arn) return Promise.resolve(undefined);
		let cached = definitionCache.get(arn);
		if (!cached) {
			cached = limitEcs(() => port.describeTaskDefinition(arn)).catch(error => {
				if (isAwsError(error, 'invalid-input') || isAwsError(error, 'not-found')) return undefined;
				progress.tolerate(error, `Reading task definition ${arn.split('/').at(-1)}`);
				return undefined;
			});
			definitionCache.set(arn, cached);
		}
		return cached;
	};
	const definitions = new Map<string, EcsTaskDefinition>();
	const describe = (arns: readonly string[]) =>
		Promise.all(
			arns.map(async arn => {
				const definition = await taskDefinition(arn);
				if (definition) definitions.set(arn, definition);
			}),
		);
	// A narrowed scan searches only its workloads' own log groups, named in their revisions: it
	// needs them all. A broad one finds log lines by prefix, and reads what the evidence implicates.
	await describe(isNarrowed(scope) ? taskDefinitionArns(ecs) : implicatedArns(ecs, scope));

	const targets = [...logTargetsOf(definitions.values()), ...appRunnerTargets(appRunner), ...lambdaTargets(lambda)];
	// The failed tasks' own streams, read at once where the breadth query does not cover them.
	const streams = knownStreams(ecs.stoppedTasks, definitions, scope);
	for (const group of streams.keys()) if (prefixes.some(prefix => group.startsWith(prefix))) streams.delete(group);
	const fastSearch = handled(logSearch.searchKnownStreams(streams));
	const broadSearch = handled(logSearch.search(targets, prefixes, breadth));

	const appRunnerCache = new Map<string, Promise<AppRunnerService | {readonly unreadable: string} | undefined>>();
	const lambdaCache = new Map<string, Promise<LambdaFunction | {readonly unreadable: string} | undefined>>();
	const images = new ImageReader(port, progress, dependencies.regionPort, dependencies.blobCache);
	const runtimes = new RuntimeReader(port, progress);
	const layerBytes = dependencies.layerBytes ?? defaultLayerBudgetBytes;
	const layers =
		layerBytes === false
			? undefined
			: new LayerReader(port, {
					budgetBytes: layerBytes,
					onProgress: (bytes, read, total) =>
						progress.source('images', 'running', images.count, `reading layers: ${mebibytes(bytes)} of layer ${read} of ${total}`),
				});
	const host = await hostPromise;
	const context = {
		region: port.region,
		...(dependencies.profile ? {profile: dependencies.profile} : {}),
		images,
		runtimes,
		host,
		...(layers ? {layers} : {}),
		taskDefinition,
		appRunnerOperations: (arn: string) => appRunner.operations.get(arn) ?? [],
		lambdaFunction(name: string) {
			let cached = lambdaCache.get(name);
			if (!cached) {
				cached = port.getLambdaFunction(name).catch(error => {
					if (isAwsError(error, 'not-found')) return undefined;
					return {unreadable: progress.tolerate(error, `Reading Lambda function ${name}`).message};
				});
				lambdaCache.set(name, cached);
			}
			return cached;
		},
		appRunnerService(arn: string) {
			let cached = appRunnerCache.get(arn);
			if (!cached) {
				cached = port.describeAppRunnerService(arn).catch(error => {
					if (isAwsError(error, 'not-found')) return undefined;
					return {unreadable: progress.tolerate(error, `Describing App Runner service ${arn.split('/').at(-2) ?? arn}`).message};
				});
				appRunnerCache.set(arn, cached);
			}
			return cached;
		},
	};

	const findings = new Map<string, Finding>();
	const limitEcr = pLimit(concurrency.ecr);
	const diagnose = async (hits: readonly LogHit[], extraTasks: readonly EcsTask[]) => {
		const correlator = new Correlator({
			scope,
			...(identity ? {accountId: identity.account} : {}),
			region: port.region,
			ecs,
			appRunner,
			lambda,
			taskDefinitions: definitions,
			extraTasks,
			hits,
		});
		correlator.addFailedTasks();
		correlator.addServiceFailures();
		correlator.addAppRunnerFailures();
		correlator.addLambdaFailures();
		correlator.addLogHits(hits);
		progress.source('images', 'running', images.count, plural(images.count, 'image'));
		await Promise.all(
			[...correlator.cases.values()].map(item =>
				limitEcr(async () => {
					const finding = await resolveCase(item, context);
					progress.source('images', 'running', images.count, plural(images.count, 'image'));
					if (!finding) return;
					const previous = findings.get(finding.id);
					if (previous && JSON.stringify(previous) === JSON.stringify(finding)) return;
					findings.set(finding.id, finding);
					progress.emit({type: 'finding', finding});
				}),
			),
		);
	};

	const fastHits = mergeHits(await fastSearch);
	progress.source(
		'logs',
		'running',
		lineCount(fastHits),
		`${plural(lineCount(fastHits), 'failure line')} so far; searching ${plural(targets.length, 'log group')}${prefixes.length > 0 ? ` and ${prefixes.join(', ')}` : ''}`,
	);
	await diagnose(fastHits, []);

	const broad = await broadSearch;
	// From a monitoring account, Insights also returns its linked accounts' lines (`@log` names
	// them): they are those accounts' incidents, diagnosed by their own scans, not this one's.
	const own = (hit: LogHit) => hit.account === undefined || identity === undefined || hit.account === identity.account;
	const hits = mergeHits([...fastHits, ...broad.hits.filter(own)]);
	progress.source(
		'logs',
		'done',
		lineCount(hits),
		`${plural(lineCount(hits), 'failure line')} in ${plural(hits.length, 'stream')}; ${broad.strategy === 'filter' ? 'FilterLogEvents' : broad.strategy === 'none' ? 'no log groups' : 'Logs Insights'}`,
	);
	// Only lines nothing explains yet are worth a DescribeTasks: the others belong to a revision read.
	const extraTasks = await lookUpTasks(port, ecs, definitions, unexplainedHits(hits, ecs.stoppedTasks, definitions), progress, limitEcs);
	// A line from a task that is gone, in a group no revision read so far explains: only the rest
	// of the inventory can say which service logs there (or that several do).
	if (unexplainedHits(hits, [...ecs.stoppedTasks, ...extraTasks], definitions).length > 0) await describe(taskDefinitionArns(ecs));
	await lookUpFamilies(port, ecs, definitions, hits, new Set([...ecs.stoppedTasks, ...extraTasks].map(task => task.id)), progress, limitEcs);
	await diagnose(hits, extraTasks);
	progress.source('images', 'done', images.count, plural(images.count, 'image'));

	return {
		schemaVersion,
		...(identity ? {account: identity.account} : {}),
		region: port.region,
		...(dependencies.profile ? {profile: dependencies.profile} : {}),
		window: {since: scope.since.toISOString(), until: scope.until.toISOString()},
		host,
		searched: {
			clusters: ecs.clusters.length,
			ecsServices: ecs.services.length,
			stoppedTasks: ecs.stoppedTasks.length,
			appRunnerServices: appRunner.services.length,
			lambdaFunctions: lambda.functions.length,
			logGroups: broad.groupsSearched,
			logGroupPrefixes: broad.prefixes,
			logSearch: broad.strategy,
		},
		findings: sortFindings(findings.values()),
		warnings: progress.warnings,
	};
}

/**
 * Tasks named by log streams but not among the stopped tasks listed (still running, or
 * listed nowhere). Asks only the clusters whose services log to that group, when known.
 */
async function lookUpTasks(
	port: AccountPort,
	ecs: EcsInventory,
	definitions: ReadonlyMap<string, EcsTaskDefinition>,
	hits: readonly LogHit[],
	progress: Progress,
	limit: ReturnType<typeof pLimit>,
): Promise<EcsTask[]> {
	const known = new Set(ecs.stoppedTasks.map(task => task.id));
	const byCluster = new Map<string, Set<string>>();
	for (const [group, ids] of unknownTaskIds(hits, known)) {
		const candidates = ecs.services
			.filter(service =>
				logTargetsOf(
					[service.taskDefinition, ...service.deployments.map(deployment => deployment.taskDefinition)].flatMap(arn => definitions.get(arn) ?? []),
				).some(target => target.group === group),
			)
			.map(service => service.clusterArn);
		for (const cluster of candidates.length > 0 ? new Set(candidates) : ecs.clusters.map(item => item.arn)) {
			const wanted = byCluster.get(cluster) ?? new Set<string>();
			for (const id of ids) wanted.add(id);
			byCluster.set(cluster, wanted);
		}
	}
	const found: EcsTask[] = [];
	await Promise.all(
		[...byCluster].map(([cluster, ids]) =>
			limit(async () => {
				try {
					found.push(...(await port.describeTasks(cluster, [...ids])).tasks);
				} catch (error) {
					progress.tolerate(error, `Looking up tasks in cluster ${cluster.split('/').at(-1)}`);
				}
			}),
		),
	);
	return found;
}

/** How many families are described to place log lines of tasks that are gone. */
const familyLookups = 25;

/**
 * Log lines of tasks that are gone and that no service logs like: a scheduled or standalone run.
 * Their stream (`prefix/container/task`) and group point at the family whose containers log
 * there; the families named most like the container or the group are described first.
 */
async function lookUpFamilies(
	port: AccountPort,
	ecs: EcsInventory,
	definitions: Map<string, EcsTaskDefinition>,
	hits: readonly LogHit[],
	knownTasks: ReadonlySet<string>,
	progress: Progress,
	limit: ReturnType<typeof pLimit>,
): Promise<void> {
	const serviceTargets = logTargetsOf(
		ecs.services.flatMap(service =>
			[service.taskDefinition, ...service.deployments.map(deployment => deployment.taskDefinition)].flatMap(arn => definitions.get(arn) ?? []),
		),
	);
	const orphans = hits.flatMap(hit => {
		const stream = parseAwslogsStream(hit.logStream);
		if (!stream || knownTasks.has(stream.taskId)) return [];
		const logged = serviceTargets.some(target => target.group === hit.logGroup && target.streamPrefix === stream.prefix);
		return logged ? [] : [{group: hit.logGroup, container: stream.container}];
	});
	if (orphans.length === 0) return;
	let families: string[];
	try {
		families = await port.listTaskDefinitionFamilies();
	} catch (error) {
		progress.tolerate(error, 'Listing task definition families for log lines of tasks that are gone');
		return;
	}
	const known = new Set([...definitions.values()].map(definition => definition.family));
	const words = new Set(orphans.flatMap(orphan => [orphan.container, orphan.group.split('/').filter(Boolean).at(-1) ?? ''].map(word => word.toLowerCase())));
	const likeness = (family: string) => ([...words].some(word => word && (family.toLowerCase().includes(word) || word.includes(family.toLowerCase()))) ? 0 : 1);
	const candidates = families.filter(family => !known.has(family)).sort((a, b) => likeness(a) - likeness(b));
	if (candidates.length > familyLookups) {
		progress.warn({
			code: 'families-not-read',
			message: `Log lines of tasks that are gone were matched against ${familyLookups} of ${candidates.length} task definition families (those named most like them); the rest were not read.`,
		});
	}
	await Promise.all(
		candidates.slice(0, familyLookups).map(family =>
			limit(async () => {
				const definition = await port.describeTaskDefinition(family).catch(() => undefined);
				if (definition) definitions.set(definition.arn, definition);
			}),
		),
	);
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
