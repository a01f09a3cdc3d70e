import {describe, expect, it} from 'vitest';
import {readOnlyTaskDefinitionFields} from '../../source/fixes/task-definition.js';
import {exitCodeFor} from '../../source/fixes/fix.js';
import {tagUndo} from '../../source/fixes/steps/image-steps.js';
import {registerInputFrom} from '../../source/fixes/task-definition.js';

const described = {
	taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/grafana:1',
	family: 'grafana',
	revision: 1,
	status: 'ACTIVE',
	requiresAttributes: [{name: 'ecs.capability.task-eni'}],
	compatibilities: ['EC2', 'FARGATE'],
	registeredAt: new Date(),
	registeredBy: 'arn:aws:iam::123456789012:user/on-call',
	deregisteredAt: undefined,
	deleteRequestedAt: undefined,
	containerDefinitions: [
		{name: 'grafana', image: 'old'},
		{name: 'sidecar', image: 'sidecar:1'},
	],
	requiresCompatibilities: ['FARGATE'],
	networkMode: 'awsvpc',
	cpu: '512',
	memory: '1024',
};

describe('registerInputFrom', () => {
	it('drops every read-only field and keeps the rest', () => {
		const input = registerInputFrom(described, [], {});
		for (const field of readOnlyTaskDefinitionFields) expect(input).not.toHaveProperty(field);
		expect(input).toMatchObject({family: 'grafana', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '512', memory: '1024'});
	});

	it('sets the CPU architecture, keeping an operating system family already there', () => {
		expect(registerInputFrom(described, [], {cpuArchitecture: 'ARM64'}).runtimePlatform).toEqual({cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX'});
		expect(
			registerInputFrom({...described, runtimePlatform: {cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX'}}, [], {cpuArchitecture: 'ARM64'})
				.runtimePlatform,
		).toEqual({cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX'});
	});

	it('changes the image of one container only, and carries the tags over', () => {
		const input = registerInputFrom(described, [{key: 'team', value: 'observability'}], {image: {container: 'grafana', image: 'new'}});
		expect(input.containerDefinitions).toEqual([
			{name: 'grafana', image: 'new'},
			{name: 'sidecar', image: 'sidecar:1'},
		]);
		expect(input.tags).toEqual([{key: 'team', value: 'observability'}]);
	});
});

describe('undo and exit codes', () => {
	it('puts a moved tag back, or removes a new one', () => {
		expect(tagUndo({region: 'eu-west-1', registryId: '123456789012', repository: 'app', tag: 'v2'})).toBe(
			'aws ecr batch-delete-image --repository-name app --region eu-west-1 --image-ids imageTag=v2',
		);
		const restore = tagUndo({
			region: 'eu-west-1',
			registryId: '123456789012',
			repository: 'app',
			tag: 'latest',
			previousDigest: 'sha256:abc',
			mediaType: 'application/vnd.oci.image.manifest.v1+json',
		});
		expect(restore).toContain('--image-ids imageDigest=sha256:abc');
		expect(restore).toContain(
			'aws ecr put-image --repository-name app --region eu-west-1 --image-tag latest --image-digest sha256:abc --image-manifest file://previous-manifest.json --image-manifest-media-type application/vnd.oci.image.manifest.v1+json',
		);
		// --output text ends the manifest with a newline: new bytes, a new digest. The bytes must be written as they are.
		expect(restore).toContain("--query 'images[0].imageManifest' --output json | jq -j . > previous-manifest.json");
		expect(restore).not.toContain('--output text');
	});

	it('exits 0 verified or planned, 1 applied but not verified, 2 refused or nothing done', () => {
		expect(exitCodeFor('verified', true)).toBe(0);
		expect(exitCodeFor('planned', false)).toBe(0);
		expect(exitCodeFor('applied-unverified', true)).toBe(1);
		expect(exitCodeFor('refused', false)).toBe(2);
		expect(exitCodeFor('failed', false)).toBe(2);
		expect(exitCodeFor('interrupted', true)).toBe(1);
		expect(exitCodeFor('interrupted', false)).toBe(2);
	});
});
