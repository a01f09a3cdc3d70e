import {parsePlatform, type Platform} from '../registry/platform.js';
import type {EcsTask} from '../ports/account.js';

const execFormatError = /exec format error/i;

/** Both runc spellings, and a shell's `Exec format error`. */
export function isExecFormatError(text: string): boolean {
	return execFormatError.test(text);
}

/** The binary named by `exec /path: exec format error` (runc ≥ 1.1), when the line names one. */
export function execFormatErrorPath(text: string): string | undefined {
	return /exec (\S+): exec format error/i.exec(text)?.[1];
}

/**
 * What a log line says happened, among the failures execdoctor diagnoses:
 * - `exec-format`: a binary or script the kernel cannot run (runc, a shell, Lambda's
 *   `fork/exec …: exec format error`);
 * - `pull-platform`: a pull that found no image for the platform;
 * - `lambda-entrypoint`: Lambda's `Runtime.InvalidEntrypoint` without the exec format line, which
 *   may be a missing bootstrap (`Couldn't find valid bootstrap(s)`): not by itself an architecture
 *   problem;
 * - `lambda-image-rejected`: Lambda refused the image's media type (an index, or provenance).
 */
export type LogSignature = 'exec-format' | 'pull-platform' | 'lambda-entrypoint' | 'lambda-image-rejected';

export function logSignature(message: string): LogSignature | undefined {
	if (isExecFormatError(message)) return 'exec-format';
	if (pullPlatformFailure(message) || /no matching manifest|failed to find a descriptor for platform|no match for platform in manifest/i.test(message))
		return 'pull-platform';
	if (/media type for the source image .* is not supported/i.test(message)) return 'lambda-image-rejected';
	if (/Runtime\.InvalidEntrypoint/.test(message)) return 'lambda-entrypoint';
	return undefined;
}

const pullPlatformPatterns = [
	/descriptor matching platform '([^']+)'/i,
	/no matching manifest for (\S+) in the manifest list entries/i,
	/failed to find a descriptor for platform \{?([^}\s]+)\}?/i,
	/no match for platform in manifest.*?(linux\/[a-z0-9/]+)/i,
];

/**
 * The platform named in a pull failure caused by an index that lacks it
 * (`CannotPullContainerError: … does not contain descriptor matching platform 'linux/amd64'`).
 */
export function pullPlatformFailure(text: string): Platform | undefined {
	for (const pattern of pullPlatformPatterns) {
		const match = pattern.exec(text);
		// Fargate writes the variant after a space: 'linux/arm64 v8'.
		if (match?.[1]) return parsePlatform(match[1].trim().replace(/\s+/g, '/'));
	}
	return undefined;
}

const taskIdPattern = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function isTaskId(value: string): boolean {
	return taskIdPattern.test(value);
}

export type AwslogsStream = {readonly prefix: string; readonly container: string; readonly taskId: string};

/** `prefix/container/task-id`, the stream name the awslogs driver writes with a prefix. */
export function parseAwslogsStream(stream: string): AwslogsStream | undefined {
	const parts = stream.split('/');
	if (parts.length < 3) return undefined;
	const taskId = parts.at(-1)!;
	const container = parts.at(-2)!;
	const prefix = parts.slice(0, -2).join('/');
	if (!isTaskId(taskId) || !container || !prefix) return undefined;
	return {prefix, container, taskId};
}

export function awslogsStreamName(prefix: string, container: string, taskId: string): string {
	return `${prefix}/${container}/${taskId}`;
}

export type AppRunnerLogGroup = {readonly serviceName: string; readonly serviceId: string; readonly kind: string};

/** `/aws/apprunner/<service name>/<service id>/application|service`. */
export function parseAppRunnerLogGroup(group: string): AppRunnerLogGroup | undefined {
	const match = /^\/aws\/apprunner\/([^/]+)\/([0-9a-f]{32})\/([a-z]+)$/.exec(group);
	if (!match) return undefined;
	return {serviceName: match[1]!, serviceId: match[2]!, kind: match[3]!};
}

/** The last segment of an ARN's resource part: the task id, service or cluster name, or a task definition's `family:revision`. */
export function arnName(arn: string): string {
	return arn.split('/').at(-1) ?? arn;
}

/** The cluster name in a task or service ARN (`…:task/cluster/id`), or in a cluster ARN. */
export function clusterNameOf(clusterArn: string): string {
	return arnName(clusterArn);
}

/** The task stopped because a container failed or it never started. */
export function isFailedTask(task: EcsTask): boolean {
	if (task.stopCode === 'TaskFailedToStart') return true;
	if (task.stopCode !== 'EssentialContainerExited') return false;
	return task.containers.some(container => (container.exitCode !== undefined && container.exitCode !== 0) || Boolean(container.reason));
}

/** `service:NAME` is what ECS puts in `group` for service tasks. */
export function serviceNameOfTask(task: EcsTask): string | undefined {
	return task.group?.startsWith('service:') ? task.group.slice('service:'.length) : undefined;
}

/** The image a Lambda update named, from the reason Lambda gave for refusing it. */
export function rejectedImageOf(reason: string): string | undefined {
	return /for the source image (\S+) is not supported/.exec(reason)?.[1];
}
