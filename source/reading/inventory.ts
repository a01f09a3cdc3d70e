import pLimit from 'p-limit';
import {CannotRunError, isAwsError} from '../errors.js';
import {plural} from '../text.js';
import type {AccountPort, AppRunnerOperation, AppRunnerServiceSummary, EcsCluster, EcsService, EcsTask, LambdaFunctionSummary} from '../ports/account.js';
import type {Progress} from './progress.js';
import {includesAppRunner, includesEcs, includesLambda, type ScanScope} from '../diagnosis/scope.js';
import {arnName} from '../diagnosis/signatures.js';
import type {AppRunnerInventory, EcsInventory, LambdaInventory} from '../diagnosis/facts.js';

const emptyEcs: EcsInventory = {available: false, clusters: [], services: [], stoppedTasks: []};
const emptyAppRunner: AppRunnerInventory = {available: false, services: [], operations: new Map()};

/** A failure on a call the user named (a cluster, a service) stops the run; others are warnings. */
function failNamed(error: unknown, what: string): never {
	if (isAwsError(error) && error.kind === 'access-denied') throw new CannotRunError(`Cannot read ${what}: this identity may not call ${error.action}.`);
	if (isAwsError(error) && error.kind === 'not-found') throw new CannotRunError(`${what} was not found: ${error.message}`);
	throw error;
}

async function readClusters(port: AccountPort, scope: ScanScope): Promise<EcsCluster[]> {
	if (scope.cluster === undefined) return (await port.listClusters()).map(arn => ({arn, name: arnName(arn)}));
	const {clusters, missing} = await port.describeClusters([scope.cluster]).catch(error => failNamed(error, `cluster "${scope.cluster}"`));
	if (missing.length > 0 || clusters.length === 0) throw new CannotRunError(`Cluster "${scope.cluster}" was not found in ${port.region}.`);
	return clusters;
}

async function readClusterServices(port: AccountPort, cluster: EcsCluster, scope: ScanScope): Promise<EcsService[]> {
	if (scope.service !== undefined) {
		const {services} = await port.describeServices(cluster.arn, [scope.service]).catch(error => failNamed(error, `service "${scope.service}"`));
		return services;
	}
	const arns = await port.listServices(cluster.arn);
	return arns.length === 0 ? [] : (await port.describeServices(cluster.arn, arns)).services;
}

async function readStoppedTasks(port: AccountPort, cluster: EcsCluster, serviceName: string | undefined): Promise<EcsTask[]> {
	const arns = await port.listTasks(cluster.arn, {desiredStatus: 'STOPPED', ...(serviceName ? {serviceName} : {})});
	return arns.length === 0 ? [] : (await port.describeTasks(cluster.arn, arns)).tasks;
}

export async function readEcs(port: AccountPort, scope: ScanScope, progress: Progress, concurrency: number): Promise<EcsInventory> {
	if (!includesEcs(scope)) {
		progress.source('ecs', 'skipped', 0);
		return emptyEcs;
	}
	progress.source('ecs', 'running', 0);
	let clusters: EcsCluster[];
	try {
		clusters = await readClusters(port, scope);
	} catch (error) {
		if (scope.cluster !== undefined || scope.service !== undefined) failNamed(error, 'ECS clusters');
		progress.tolerate(error, 'ECS');
		progress.source('ecs', 'failed', 0);
		return emptyEcs;
	}
	const limit = pLimit(concurrency);
	const services: EcsService[] = [];
	const stoppedTasks: EcsTask[] = [];
	await Promise.all(
		clusters.map(cluster =>
			limit(async () => {
				// The cluster's stopped tasks need nothing from its services: both are read at once.
				// (A named service is looked for first: in a cluster without it, there is nothing to list.)
				const readStopped = () =>
					readStoppedTasks(port, cluster, scope.service).catch((error: unknown) => {
						progress.tolerate(error, `Stopped tasks in cluster ${cluster.name}`);
						return [] as EcsTask[];
					});
				let stopped = scope.service === undefined ? readStopped() : undefined;
				let clusterServices: EcsService[] = [];
				try {
					clusterServices = await readClusterServices(port, cluster, scope);
					services.push(...clusterServices);
				} catch (error) {
					if (error instanceof CannotRunError) {
						await stopped;
						throw error;
					}
					progress.tolerate(error, `ECS services in cluster ${cluster.name}`);
				}
				progress.source('ecs', 'running', services.length, plural(services.length, 'service'));
				if (scope.service !== undefined && clusterServices.length === 0) return;
				stopped ??= readStopped();
				stoppedTasks.push(...(await stopped));
			}),
		),
	);
	if (scope.service !== undefined && services.length === 0) {
		const where = scope.cluster === undefined ? `any cluster in ${port.region}` : `cluster "${scope.cluster}"`;
		throw new CannotRunError(`Service "${scope.service}" was not found in ${where}.`);
	}
	progress.source(
		'ecs',
		'done',
		services.length,
		`${plural(clusters.length, 'cluster')}, ${plural(services.length, 'service')}, ${plural(stoppedTasks.length, 'stopped task')}`,
	);
	return {available: true, clusters, services, stoppedTasks};
}

export async function readAppRunner(port: AccountPort, scope: ScanScope, progress: Progress, concurrency: number): Promise<AppRunnerInventory> {
	if (!includesAppRunner(scope)) {
		progress.source('apprunner', 'skipped', 0);
		return emptyAppRunner;
	}
	progress.source('apprunner', 'running', 0);
	let services: AppRunnerServiceSummary[];
	try {
		services = await port.listAppRunnerServices();
	} catch (error) {
		if (scope.appRunnerService !== undefined) failNamed(error, 'App Runner services');
		if (isAwsError(error) && error.kind === 'endpoint') {
			progress.warn({
				code: 'endpoint',
				action: error.action,
				message: `App Runner could not be reached in ${port.region} (it is not offered in every region): ${error.message}`,
			});
		} else {
			progress.tolerate(error, 'App Runner');
		}
		progress.source('apprunner', 'failed', 0);
		return emptyAppRunner;
	}
	if (scope.appRunnerService !== undefined) {
		const wanted = scope.appRunnerService;
		services = services.filter(service => service.name === wanted || service.arn === wanted);
		if (services.length === 0) throw new CannotRunError(`App Runner service "${wanted}" was not found in ${port.region}.`);
	}
	const limit = pLimit(concurrency);
	const operations = new Map<string, AppRunnerOperation[]>();
	await Promise.all(
		services.map(service =>
			limit(async () => {
				try {
					operations.set(service.arn, await port.listAppRunnerOperations(service.arn, 5));
				} catch (error) {
					progress.tolerate(error, `App Runner operations of ${service.name}`);
				}
			}),
		),
	);
	progress.source('apprunner', 'done', services.length, plural(services.length, 'service'));
	return {available: true, services, operations};
}

const emptyLambda: LambdaInventory = {available: false, functions: []};

/** Every function, every page; only image functions are kept (a Zip function runs Lambda's own runtime). */
export async function readLambda(port: AccountPort, scope: ScanScope, progress: Progress): Promise<LambdaInventory> {
	if (!includesLambda(scope)) {
		progress.source('lambda', 'skipped', 0);
		return emptyLambda;
	}
	progress.source('lambda', 'running', 0);
	let functions: LambdaFunctionSummary[];
	try {
		functions = (await port.listLambdaFunctions()).filter(item => item.packageType === 'Image');
	} catch (error) {
		if (scope.lambdaFunction !== undefined) failNamed(error, 'Lambda functions');
		progress.tolerate(error, 'Lambda');
		progress.source('lambda', 'failed', 0);
		return emptyLambda;
	}
	if (scope.lambdaFunction !== undefined) {
		const wanted = scope.lambdaFunction;
		functions = functions.filter(item => item.name === wanted || item.arn === wanted);
		if (functions.length === 0) throw new CannotRunError(`Lambda function "${wanted}" was not found among the image functions in ${port.region}.`);
	}
	progress.source('lambda', 'done', functions.length, plural(functions.length, 'image function'));
	return {available: true, functions};
}
