/**
 * What `execdoctor check` reads: the platforms the target runs on, and the image's, from ECR
 * (no Docker needed), the local Docker, or an image on disk; then, where the label fits, the
 * bytes of the program the image starts, so a label that lies fails the gate too.
 */
import type {CheckTargetOption} from '../options.js';
import {checkReport, type CheckBytes, type CheckedImage, type CheckReport, type CheckTarget} from '../diagnosis/check.js';
import type {FindingCode} from '../diagnosis/codes.js';
import {lambdaRuntime, type ImageFacts, type RuntimeFacts} from '../diagnosis/facts.js';
import {CannotRunError, isAwsError} from '../errors.js';
import type {AccountPort, EcsContainerDefinition, EcsTaskDefinition} from '../ports/account.js';
import type {DockerPort} from '../ports/fix.js';
import {parseImageReference} from '../registry/image-reference.js';
import {formatPlatform, linuxAmd64, runsOn, type Platform} from '../registry/platform.js';
import {programOf, readProgram} from './byte-check.js';
import {ImageReader, type RunnableImage} from './image-reader.js';
import {LayerReader} from './layer-reader.js';
import {readImageOnDisk} from './local-image.js';
import {dockerErrorLine, inspectedPlatform, type InspectedImage} from '../registry/docker-output.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Progress} from './progress.js';
import {declaredRuntime, RuntimeReader} from './runtime-reader.js';

/** The target as the command line (or an MCP client) names it, with a task definition file's document read. */
export type CheckTargetRequest =
	| Exclude<CheckTargetOption, {readonly kind: 'task-definition'}>
	| (Extract<CheckTargetOption, {readonly kind: 'task-definition'}> & {readonly document?: unknown});

export type CheckRequest = {
	/** An ECR reference, a path (OCI layout or tarball), or with `local` a local Docker image; absent: a task definition's own images. */
	readonly image?: string;
	readonly local?: boolean;
	readonly target: CheckTargetRequest;
	readonly layerBytes: number | false;
	readonly failOn?: readonly FindingCode[];
};

export type CheckPorts = {
	/** The account, opened only when the target or an ECR image needs it. */
	readonly account: () => Promise<AccountPort>;
	readonly docker: () => Promise<DockerPort>;
};

type Needs = {target: CheckTarget; containers?: readonly EcsContainerDefinition[]};

/** A task definition as a file holds it: RegisterTaskDefinition's input, or DescribeTaskDefinition's output. */
export function taskDefinitionOfDocument(document: unknown, name: string): EcsTaskDefinition {
	const outer = document as {taskDefinition?: unknown};
	const body = (outer && typeof outer === 'object' && outer.taskDefinition ? outer.taskDefinition : document) as Record<string, unknown> | undefined;
	const containers = Array.isArray(body?.containerDefinitions) ? (body.containerDefinitions as Record<string, unknown>[]) : undefined;
	if (!body || !containers) throw new CannotRunError(`${name} is not a task definition: it has no containerDefinitions.`);
	const runtimePlatform = (body.runtimePlatform ?? {}) as {cpuArchitecture?: string; operatingSystemFamily?: string};
	return {
		arn: name,
		family: typeof body.family === 'string' ? body.family : name,
		revision: typeof body.revision === 'number' ? body.revision : 0,
		...(runtimePlatform.cpuArchitecture ? {cpuArchitecture: runtimePlatform.cpuArchitecture} : {}),
		...(runtimePlatform.operatingSystemFamily ? {operatingSystemFamily: runtimePlatform.operatingSystemFamily} : {}),
		requiresCompatibilities: Array.isArray(body.requiresCompatibilities) ? (body.requiresCompatibilities as string[]) : [],
		containers: containers.map(container => ({
			name: String(container.name ?? ''),
			image: String(container.image ?? ''),
			essential: container.essential !== false,
			...(Array.isArray(container.entryPoint) ? {entryPoint: container.entryPoint as string[]} : {}),
			...(Array.isArray(container.command) ? {command: container.command as string[]} : {}),
		})),
	};
}

/** A task definition alone: what it declares, else its cluster's EC2 capacity decides, which a file cannot say. */
function definitionRuntime(definition: EcsTaskDefinition, name: string): RuntimeFacts {
	return (
		declaredRuntime(definition, undefined, name) ?? {
			source: `${name} has no runtimePlatform and is not for Fargate, so the EC2 capacity of its cluster decides`,
		}
	);
}

function ecsNeeds(definition: EcsTaskDefinition, name: string, runtime: RuntimeFacts, kind: 'ecs-service' | 'task-definition'): Needs {
	return {
		target: {
			kind,
			name,
			platforms: runtime.platform ? [runtime.platform] : [],
			source: runtime.source,
			...(runtime.platform ? {} : {unknownReason: `${runtime.source}: name the service (--for ecs:CLUSTER/SERVICE), or add runtimePlatform.cpuArchitecture`}),
		},
		containers: definition.containers,
	};
}

async function needsOf(request: CheckTargetRequest, ports: CheckPorts): Promise<Needs> {
	switch (request.kind) {
		case 'platforms': {
			return {target: {kind: 'platforms', name: request.platforms.map(formatPlatform).join(' and '), platforms: request.platforms, source: '--platform'}};
		}
		case 'app-runner': {
			return {target: {kind: 'app-runner', name: 'App Runner', platforms: [linuxAmd64], source: 'App Runner runs x86_64 only'}};
		}
		case 'lambda': {
			const account = await ports.account();
			const fn = await account.getLambdaFunction(request.functionName);
			const runtime = lambdaRuntime(fn.architectures);
			return {target: {kind: 'lambda', name: `Lambda function ${fn.name}`, platforms: [runtime.platform!], source: runtime.source, singlePlatformOnly: true}};
		}
		case 'ecs-service': {
			const account = await ports.account();
			const {services} = await account.describeServices(request.cluster, [request.service]).catch((error: unknown) => {
				if (isAwsError(error, 'not-found')) throw new CannotRunError(`ECS cluster ${request.cluster} was not found (${error.message}).`);
				throw error;
			});
			const service = services[0];
			if (!service) throw new CannotRunError(`ECS service ${request.service} was not found in cluster ${request.cluster}.`);
			const definition = await account.describeTaskDefinition(service.taskDefinition);
			const runtime = await new RuntimeReader(account, new Progress()).forEcs({
				definition,
				...(service.launchType ? {launchType: service.launchType} : {}),
				clusterArn: service.clusterArn,
			});
			return ecsNeeds(definition, `ECS service ${request.cluster}/${request.service}`, runtime, 'ecs-service');
		}
		case 'task-definition': {
			const name = `task definition ${request.revision ?? request.file ?? ''}`.trim();
			const definition = request.revision
				? await (await ports.account()).describeTaskDefinition(request.revision)
				: taskDefinitionOfDocument(request.document, request.file ?? 'the task definition');
			return ecsNeeds(definition, name, definitionRuntime(definition, name), 'task-definition');
		}
	}
}

/**
 * The local image's files, for the bytes: `docker save` of that platform to a temporary tarball
 * (an OCI layout since Docker 25), read as an image on disk. The tarball is removed after.
 */
function savedRunnable(docker: DockerPort, raw: string, cleanups: (() => void)[]) {
	return async (platform: Platform): Promise<RunnableImage | {reason: string}> => {
		const directory = mkdtempSync(path.join(tmpdir(), 'execdoctor-save-'));
		cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
		const file = path.join(directory, 'image.tar');
		let saved = await docker.run(['save', '--platform', formatPlatform(platform), '-o', file, raw]);
		// A daemon before API 1.48 (Docker 28) has no --platform: it saves the one image it holds for the tag.
		if (saved.exitCode !== 0 && /--platform/.test(saved.stderr)) saved = await docker.run(['save', '-o', file, raw]);
		if (saved.exitCode !== 0) return {reason: `docker save failed: ${dockerErrorLine(saved)}`};
		return (await readImageOnDisk(file)).runnable(platform);
	};
}

/** `docker image inspect`: the local image's platform, as the daemon stores it. */
async function localImage(docker: DockerPort, raw: string): Promise<{facts: ImageFacts; source: string}> {
	const result = await docker.run(['image', 'inspect', '--format', '{{json .}}', raw]);
	if (result.exitCode !== 0) return {facts: {raw, platforms: [], attestationCount: 0, unknownReason: dockerErrorLine(result)}, source: 'the local Docker'};
	const inspected = JSON.parse(result.stdout) as InspectedImage;
	const platform = inspectedPlatform(inspected);
	return {
		facts: {
			raw,
			kind: 'manifest',
			platforms: [platform],
			attestationCount: 0,
			...(inspected.Id ? {digest: inspected.Id} : {}),
			platformSource: 'docker image inspect',
		},
		source: 'the local Docker',
	};
}

type Opened = {facts: ImageFacts; source: string; runnable?: (platform: Platform) => Promise<RunnableImage | {reason: string}>; layerPort?: AccountPort};

async function openImage(raw: string, request: CheckRequest, ports: CheckPorts, cleanups: (() => void)[]): Promise<Opened> {
	if (request.local) {
		const docker = await ports.docker();
		return {...(await localImage(docker, raw)), runnable: savedRunnable(docker, raw, cleanups)};
	}
	const reference = parseImageReference(raw);
	if (reference?.ecr) {
		const account = await ports.account();
		const reader = new ImageReader(account, new Progress());
		const facts = await reader.read(raw);
		return {facts, source: `ECR (${reference.ecr.region})`, runnable: platform => reader.runnable(facts, platform), layerPort: account};
	}
	const disk = await readImageOnDisk(raw);
	return {facts: disk.facts, source: disk.source, runnable: platform => disk.runnable(platform)};
}

/** The program the image starts, read for each platform its label fits: where a label lies, the bytes say so. */
async function bytesOf(
	opened: Opened,
	target: CheckTarget,
	container: EcsContainerDefinition | undefined,
	layerBytes: number | false,
): Promise<Map<string, CheckBytes>> {
	const found = new Map<string, CheckBytes>();
	if (layerBytes === false || !opened.runnable || opened.facts.unknownReason) return found;
	for (const platform of target.platforms) {
		// Where the label already says no, the bytes cannot make it fit.
		if (!opened.facts.platforms.some(candidate => runsOn(candidate, platform))) continue;
		const runnable = await opened.runnable(platform);
		if ('reason' in runnable) {
			found.set(formatPlatform(platform), {unread: runnable.reason});
			continue;
		}
		const program = programOf(runnable.config, container ?? {});
		if (!program) {
			found.set(formatPlatform(platform), {unread: 'the image names no program to start'});
			continue;
		}
		const layers = new LayerReader(runnable.port ?? opened.layerPort!, {budgetBytes: layerBytes});
		const checked = await readProgram(runnable, program, platform, opened.facts.platforms, layers);
		found.set(formatPlatform(platform), {...(checked.finding ? {finding: checked.finding} : {}), ...(checked.unread ? {unread: checked.unread} : {})});
	}
	return found;
}

export async function runCheck(request: CheckRequest, ports: CheckPorts): Promise<CheckReport> {
	let needs: Needs;
	try {
		needs = await needsOf(request.target, ports);
	} catch (error) {
		if (isAwsError(error) && (error.kind === 'not-found' || error.kind === 'access-denied')) throw new CannotRunError(error.message);
		throw error;
	}
	const {target} = needs;
	if (target.unknownReason) return checkReport(target, [], request.failOn);
	const wanted: {raw: string; container?: EcsContainerDefinition; sidecar?: boolean}[] = request.image
		? [{raw: request.image}]
		: (needs.containers ?? []).map((container, index) => ({raw: container.image, container, sidecar: index > 0 || !container.essential}));
	const images: CheckedImage[] = [];
	const cleanups: (() => void)[] = [];
	try {
		for (const item of wanted) {
			const opened = await openImage(item.raw, request, ports, cleanups);
			const bytes = await bytesOf(opened, target, item.container, request.layerBytes);
			images.push({
				facts: opened.facts,
				source: opened.source,
				...(item.container ? {container: item.container.name} : {}),
				...(item.sidecar ? {sidecar: true} : {}),
				...(bytes.size > 0 ? {bytes} : {}),
			});
		}
	} finally {
		for (const cleanup of cleanups) cleanup();
	}
	return checkReport(target, images, request.failOn);
}
