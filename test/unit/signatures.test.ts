import {describe, expect, it} from 'vitest';
import type {EcsTask} from '../../source/ports/account.js';
import {
	execFormatErrorPath,
	isExecFormatError,
	isFailedTask,
	parseAppRunnerLogGroup,
	parseAwslogsStream,
	pullPlatformFailure,
	serviceNameOfTask,
} from '../../source/diagnosis/signatures.js';

describe('exec format error lines', () => {
	it.each([
		'exec /run.sh: exec format error',
		'exec /usr/local/bin/python3: exec format error',
		'standard_init_linux.go:228: exec user process caused: exec format error',
		'standard_init_linux.go:190: exec user process caused "exec format error"',
		'/bin/sh: 1: ./app: cannot execute binary file: Exec format error',
	])('recognises %j', line => {
		expect(isExecFormatError(line)).toBe(true);
	});

	it('ignores unrelated failures', () => {
		expect(isExecFormatError('exec /run.sh: no such file or directory')).toBe(false);
		expect(isExecFormatError('format error in config')).toBe(false);
	});

	it('extracts the path runc names', () => {
		expect(execFormatErrorPath('exec /run.sh: exec format error')).toBe('/run.sh');
		expect(execFormatErrorPath('standard_init_linux.go:228: exec user process caused: exec format error')).toBeUndefined();
	});
});

describe('pull failures for a missing platform', () => {
	it.each([
		[
			"CannotPullContainerError: pull image manifest has been retried 5 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
			{os: 'linux', architecture: 'amd64'},
		],
		['no matching manifest for linux/arm64/v8 in the manifest list entries', {os: 'linux', architecture: 'arm64', variant: 'v8'}],
		['CannotPullContainerError: failed to find a descriptor for platform {linux/amd64}', {os: 'linux', architecture: 'amd64'}],
		// Fargate on ARM64, with the variant after a space, and the other two spellings seen.
		[
			"CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64 v8'",
			{os: 'linux', architecture: 'arm64', variant: 'v8'},
		],
		[
			"CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64/v8'",
			{os: 'linux', architecture: 'arm64', variant: 'v8'},
		],
		["CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64'", {os: 'linux', architecture: 'arm64'}],
	])('reads the platform from %j', (reason, platform) => {
		expect(pullPlatformFailure(reason)).toEqual(platform);
	});

	it('ignores other pull failures', () => {
		expect(pullPlatformFailure('CannotPullContainerError: ref pull has been retried 1 time(s): failed to resolve ref: not found')).toBeUndefined();
	});
});

describe('stream and group names', () => {
	it('splits an awslogs stream into prefix, container and task id', () => {
		expect(parseAwslogsStream('ecs/grafana/0f0e9b1c5a7d4b8e9f1a2b3c4d5e6f70')).toEqual({
			prefix: 'ecs',
			container: 'grafana',
			taskId: '0f0e9b1c5a7d4b8e9f1a2b3c4d5e6f70',
		});
		expect(parseAwslogsStream('team/app/web/0f0e9b1c-5a7d-4b8e-9f1a-2b3c4d5e6f70')).toEqual({
			prefix: 'team/app',
			container: 'web',
			taskId: '0f0e9b1c-5a7d-4b8e-9f1a-2b3c4d5e6f70',
		});
	});

	it('refuses streams that are not awslogs task streams', () => {
		expect(parseAwslogsStream('4f1d8b0a9c2e')).toBeUndefined();
		expect(parseAwslogsStream('ecs/grafana/not-a-task')).toBeUndefined();
		expect(parseAwslogsStream('grafana/0f0e9b1c5a7d4b8e9f1a2b3c4d5e6f70')).toBeUndefined();
	});

	it('reads App Runner log groups', () => {
		expect(parseAppRunnerLogGroup('/aws/apprunner/grafana/8f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c/application')).toEqual({
			serviceName: 'grafana',
			serviceId: '8f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c',
			kind: 'application',
		});
		expect(parseAppRunnerLogGroup('/ecs/grafana')).toBeUndefined();
	});
});

describe('tasks', () => {
	const base: EcsTask = {arn: 'arn:aws:ecs:r:1:task/c/1', id: '1', clusterArn: 'arn:aws:ecs:r:1:cluster/c', taskDefinitionArn: 'td', containers: []};

	it('counts an essential container that exited non-zero as a failure, either runc exit code', () => {
		expect(isFailedTask({...base, stopCode: 'EssentialContainerExited', containers: [{name: 'app', exitCode: 1}]})).toBe(true);
		expect(isFailedTask({...base, stopCode: 'EssentialContainerExited', containers: [{name: 'app', exitCode: 255}]})).toBe(true);
		expect(isFailedTask({...base, stopCode: 'EssentialContainerExited', containers: [{name: 'app', exitCode: 0}]})).toBe(false);
		expect(isFailedTask({...base, stopCode: 'TaskFailedToStart'})).toBe(true);
		expect(isFailedTask({...base, stopCode: 'UserInitiated', containers: [{name: 'app', exitCode: 137}]})).toBe(false);
	});

	it('reads the service name from the task group', () => {
		expect(serviceNameOfTask({...base, group: 'service:grafana'})).toBe('grafana');
		expect(serviceNameOfTask({...base, group: 'family:grafana'})).toBeUndefined();
	});
});
