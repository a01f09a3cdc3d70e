import type {AccountPort, AppRunnerService, EcsService, EcsTaskDefinition, LambdaFunction} from '../ports/account.js';
import {ImageReader} from '../reading/image-reader.js';
import {appRunnerRuntime, lambdaRuntime, type ImageFacts} from '../diagnosis/facts.js';
import {Progress} from '../reading/progress.js';
import {RuntimeReader} from '../reading/runtime-reader.js';
import {clusterNameOf, isFailedTask, rejectedImageOf} from '../diagnosis/signatures.js';
import type {Workload} from '../diagnosis/types.js';
import {CannotRunError, isAwsError} from '../errors.js';
import type {ImageReference} from '../registry/image-reference.js';
import {runsOn, type Platform} from '../registry/platform.js';
import type {FixTarget} from './types.js';

/** Everything a fix needs to know about the workload before planning. */
export type FixSubject = {
	readonly workload: Workload;
	readonly region: string;
	readonly service?: EcsService;
	readonly definition?: EcsTaskDefinition;
	readonly appRunner?: AppRunnerService;
	readonly lambda?: LambdaFunction;
	readonly container: {readonly name: string; readonly image: string};
	/** ECS: every container of the revision and its image, the one to fix among them. */
	readonly containers?: readonly {readonly name: string; readonly image: ImageFacts}[];
	readonly reference: ImageReference & {readonly ecr: {registryId: string; region: string}};
	readonly image: ImageFacts;
	readonly needed: Platform;
	readonly runtimeSource: string;
	/** ECS: why `definition` is the revision to repair (a phrase), when it is not the one the service runs. */
	readonly revisionSource?: string;
	/** ECS: the revision was named (--task-definition), not found from the failure. */
	readonly revisionNamed?: boolean;
	/** ECS: the newest ACTIVE revision of the family when the workload was read. */
	readonly latestRevision?: string;
	/** The scan read the bytes: the image's label says the platform, its files are for another machine. */
	readonly labelLies?: string;
	/** App Runner: its newest operation when the workload was read. */
	readonly latestOperation?: string;
};

function notFound(error: unknown, what: string): never {
	if (isAwsError(error, 'not-found')) throw new CannotRunError(`${what} was not found: ${error.message}`);
	if (isAwsError(error, 'access-denied')) throw new CannotRunError(`Cannot read ${what}: this identity may not call ${error.action}.`);
	throw error;
}

/**
 * The revision to repair: the one named, else the one the service's failed deployment or failed
 * tasks ran (after a circuit-breaker rollback the service runs an older, working one), else the
 * one it runs.
 */
async function failingRevision(port: AccountPort, service: EcsService): Promise<{arn: string; source: string} | undefined> {
	const deployment = service.deployments.find(candidate => candidate.rolloutState === 'FAILED' || candidate.failedTasks > 0);
	if (deployment && deployment.taskDefinition !== service.taskDefinition)
		return {arn: deployment.taskDefinition, source: `its failed deployment ${deployment.id} ran it`};
	const arns = await port.listTasks(service.clusterArn, {desiredStatus: 'STOPPED', serviceName: service.name}).catch(() => []);
	const stopped = arns.length === 0 ? [] : (await port.describeTasks(service.clusterArn, arns).catch(() => ({tasks: []}))).tasks;
	const failed = stopped.filter(isFailedTask).sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))[0];
	if (failed && failed.taskDefinitionArn !== service.taskDefinition)
		return {arn: failed.taskDefinitionArn, source: `its failed task ${failed.id.slice(0, 8)} ran it`};
	return undefined;
}

async function readEcs(port: AccountPort, target: Extract<FixTarget, {kind: 'ecs-service'}>) {
	const {services} = await port.describeServices(target.cluster, [target.service]).catch(error => notFound(error, `cluster "${target.cluster}"`));
	const service = services[0];
	if (!service) throw new CannotRunError(`Service "${target.service}" was not found in cluster "${target.cluster}".`);
	const chosen = target.taskDefinition
		? {arn: target.taskDefinition, source: target.taskDefinitionReason ?? 'named with --task-definition'}
		: await failingRevision(port, service);
	const arn = chosen?.arn ?? service.taskDefinition;
	const definition = await port.describeTaskDefinition(arn).catch(error => notFound(error, `task definition ${arn}`));
	// A family name resolves to its newest ACTIVE revision: one registered after the failing one means someone is at work.
	const latest = await port.describeTaskDefinition(definition.family).catch(() => undefined);
	const revisionSource = definition.arn === service.taskDefinition ? undefined : chosen?.source;
	return {
		service,
		definition,
		...(revisionSource ? {revisionSource} : {}),
		...(target.taskDefinition ? {revisionNamed: true} : {}),
		...(latest ? {latestRevision: latest.arn} : {}),
	};
}

async function readAppRunner(port: AccountPort, name: string): Promise<AppRunnerService> {
	const summaries = await port.listAppRunnerServices().catch(error => notFound(error, 'App Runner services'));
	const summary = summaries.find(candidate => candidate.name === name || candidate.arn === name);
	if (!summary) throw new CannotRunError(`App Runner service "${name}" was not found in ${port.region}.`);
	return port.describeAppRunnerService(summary.arn);
}

function ecrReference(image: ImageFacts, what: string): FixSubject['reference'] {
	const reference = image.reference;
	if (!reference?.ecr) throw new CannotRunError(`${what} runs ${image.raw}, which is not in Amazon ECR: execdoctor fixes ECR images only.`);
	return reference as FixSubject['reference'];
}

async function readLambda(port: AccountPort, images: ImageReader, name: string): Promise<FixSubject> {
	const lambda = await port.getLambdaFunction(name).catch(error => notFound(error, `Lambda function "${name}"`));
	if (lambda.packageType !== 'Image' || !lambda.imageUri) throw new CannotRunError(`Lambda function ${lambda.name} is not deployed from a container image.`);
	// Every fix acts on the tag the function was given (or was refused, after a failed update: the
	// release being deployed); what it resolved is what runs, and what an undo brings back.
	const refused = lambda.lastUpdateStatus === 'Failed' ? rejectedImageOf(lambda.lastUpdateStatusReason ?? '') : undefined;
	const uri = refused ?? lambda.imageUri;
	const image = await images.read(uri);
	const runtime = lambdaRuntime(lambda.architectures);
	const workload: Workload = {kind: 'lambda-function', name: lambda.name, arn: lambda.arn, ...(lambda.state ? {status: lambda.state} : {})};
	return {
		workload,
		region: port.region,
		lambda,
		container: {name: lambda.name, image: uri},
		reference: ecrReference(image, `Lambda function ${lambda.name}`),
		image,
		needed: runtime.platform!,
		runtimeSource: runtime.source,
	};
}

/** Reads the workload, its image from ECR and the platform it needs. */
export async function readSubject(port: AccountPort, target: FixTarget): Promise<FixSubject> {
	const progress = new Progress();
	const images = new ImageReader(port, progress);
	if (target.kind === 'lambda-function') return readLambda(port, images, target.name);
	if (target.kind === 'apprunner-service') {
		const service = await readAppRunner(port, target.name);
		if (!service.imageIdentifier) throw new CannotRunError(`App Runner service "${target.name}" is not deployed from an image.`);
		const [image, operations] = await Promise.all([images.read(service.imageIdentifier), port.listAppRunnerOperations(service.arn, 1).catch(() => [])]);
		const workload: Workload = {kind: 'apprunner-service', name: service.name, arn: service.arn, status: service.status};
		return {
			workload,
			region: port.region,
			appRunner: service,
			...(operations[0] ? {latestOperation: operations[0].id} : {}),
			container: {name: service.name, image: service.imageIdentifier},
			reference: ecrReference(image, `App Runner service ${service.name}`),
			image,
			needed: appRunnerRuntime.platform!,
			runtimeSource: appRunnerRuntime.source,
		};
	}
	const {service, definition, revisionSource, revisionNamed, latestRevision} = await readEcs(port, target);
	const runtime = await new RuntimeReader(port, progress).forEcs({
		definition,
		...(service.launchType ? {launchType: service.launchType} : {}),
		clusterArn: service.clusterArn,
	});
	if (!runtime.platform) throw new CannotRunError(`The platform service ${target.service} needs is unknown: ${runtime.source}.`);
	const needed = runtime.platform;
	// Every container runs in the task: a sidecar's image can be the one that lacks the platform.
	const ordered = [...definition.containers].sort((a, b) => Number(b.essential) - Number(a.essential));
	const candidates = await Promise.all(ordered.map(async container => ({container, image: await images.read(container.image)})));
	const chosen =
		candidates.find(candidate => !candidate.image.unknownReason && !candidate.image.platforms.some(platform => runsOn(platform, needed))) ??
		candidates.find(candidate => !candidate.image.unknownReason && candidate.container.essential) ??
		candidates[0];
	if (!chosen || !definition.containers.some(container => container.essential))
		throw new CannotRunError(`Task definition ${definition.family}:${definition.revision} has no essential container.`);
	const workload: Workload = {
		kind: 'ecs-service',
		name: service.name,
		arn: service.arn,
		cluster: clusterNameOf(service.clusterArn),
		...(service.launchType ? {launchType: service.launchType} : {}),
		taskDefinition: definition.arn,
		...(definition.arn === service.taskDefinition ? {} : {serviceTaskDefinition: service.taskDefinition}),
		containerName: chosen.container.name,
		status: service.status,
	};
	return {
		workload,
		region: port.region,
		service,
		definition,
		container: {name: chosen.container.name, image: chosen.container.image},
		containers: candidates.map(candidate => ({name: candidate.container.name, image: candidate.image})),
		reference: ecrReference(chosen.image, `Service ${service.name}`),
		image: chosen.image,
		needed,
		runtimeSource: runtime.source,
		...(revisionSource ? {revisionSource} : {}),
		...(revisionNamed ? {revisionNamed} : {}),
		...(latestRevision ? {latestRevision} : {}),
	};
}

/** What a plan was made against, in words: what changed since, when someone acts between plan and apply. */
export function changedSince(planned: FixSubject, now: FixSubject): string[] {
	const changes: string[] = [];
	const name = (arn: string | undefined) => (arn ? arn.split('/').at(-1)! : 'none');
	if (planned.service && now.service) {
		if (planned.service.taskDefinition !== now.service.taskDefinition) {
			changes.push(`service ${now.service.name} runs ${name(now.service.taskDefinition)} now (it ran ${name(planned.service.taskDefinition)})`);
		}
		const before = new Set(planned.service.deployments.map(deployment => deployment.id));
		for (const deployment of now.service.deployments.filter(candidate => !before.has(candidate.id))) {
			changes.push(`a new deployment ${deployment.id} of ${name(deployment.taskDefinition)} started`);
		}
	}
	if (planned.definition && now.definition && planned.definition.arn !== now.definition.arn) {
		changes.push(`the revision to repair is ${name(now.definition.arn)} now (it was ${name(planned.definition.arn)})`);
	}
	if (planned.latestRevision !== now.latestRevision && now.latestRevision) {
		changes.push(`${name(now.latestRevision)} was registered (the newest revision was ${name(planned.latestRevision)})`);
	}
	if (planned.image.digest !== now.image.digest)
		changes.push(`${planned.container.image} names ${now.image.digest ?? 'nothing'} now (it named ${planned.image.digest ?? 'nothing'})`);
	if (planned.lambda && now.lambda) {
		if (planned.lambda.lastModified?.getTime() !== now.lambda.lastModified?.getTime())
			changes.push(`Lambda function ${now.lambda.name} was updated since (${now.lambda.lastUpdateStatus ?? 'status unknown'})`);
		if (planned.lambda.architectures.join() !== now.lambda.architectures.join())
			changes.push(`Lambda function ${now.lambda.name} runs on ${now.lambda.architectures.join(', ')} now`);
	}
	if (planned.appRunner && now.appRunner) {
		if (planned.appRunner.status !== now.appRunner.status)
			changes.push(`App Runner service ${now.appRunner.name} is ${now.appRunner.status} now (it was ${planned.appRunner.status})`);
		if (planned.appRunner.imageIdentifier !== now.appRunner.imageIdentifier)
			changes.push(`App Runner service ${now.appRunner.name} deploys ${now.appRunner.imageIdentifier} now`);
		if (planned.latestOperation !== now.latestOperation)
			changes.push(`App Runner service ${now.appRunner.name} has a new operation ${now.latestOperation ?? ''}`.trim());
	}
	return changes;
}
