import {describe, expect, it} from 'vitest';
import type {EcsTaskDefinition} from '../../source/ports/account.js';
import {ownerOf, ownershipWarning, runtimePlatformChange} from '../../source/diagnosis/ownership.js';
import {previousRevisionCandidates, revisionChange} from '../../source/diagnosis/revision-change.js';
import type {ImageFacts} from '../../source/diagnosis/facts.js';
import {makePlatform} from '../../source/registry/platform.js';

const cdkRole = 'arn:aws:sts::123456789012:assumed-role/cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1/AWSCloudFormation';

describe('ownerOf', () => {
	it.each([
		[
			{registeredBy: cdkRole, tags: [{key: 'aws:cloudformation:stack-name', value: 'Orders'}]},
			{tool: 'cdk', name: 'Orders', evidence: `registered by ${cdkRole}`},
		],
		[
			{tags: [{key: 'aws:cloudformation:stack-name', value: 'Orders'}]},
			{tool: 'cloudformation', name: 'Orders', evidence: 'tag aws:cloudformation:stack-name=Orders'},
		],
		[
			{registeredBy: 'arn:aws:sts::123456789012:assumed-role/DeployRole/AWSCloudFormation'},
			{tool: 'cloudformation', evidence: 'registered by arn:aws:sts::123456789012:assumed-role/DeployRole/AWSCloudFormation'},
		],
		[
			{
				tags: [
					{key: 'copilot-application', value: 'shop'},
					{key: 'copilot-service', value: 'api'},
				],
			},
			{tool: 'copilot', name: 'shop/api', evidence: 'tag copilot-application=shop'},
		],
		[{tags: [{key: 'ManagedBy', value: 'Terraform'}]}, {tool: 'terraform', evidence: 'tag ManagedBy=Terraform'}],
		[{tags: [{key: 'managed-by', value: 'opentofu'}]}, {tool: 'terraform', evidence: 'tag managed-by=opentofu'}],
		[{tags: [{key: 'terraform', value: 'true'}]}, {tool: 'terraform', evidence: 'tag terraform=true'}],
	])('%o is owned by %o', (resource, owner) => {
		expect(ownerOf(resource)).toEqual(owner);
	});

	it.each([
		[{}],
		[{registeredBy: 'arn:aws:iam::123456789012:user/on-call', tags: [{key: 'team', value: 'orders'}]}],
		[{tags: [{key: 'ManagedBy', value: 'platform-team'}]}],
	])('%o has no known owner', resource => {
		expect(ownerOf(resource)).toBeUndefined();
	});

	it('says where to make the change so that it sticks, in each tool', () => {
		expect(runtimePlatformChange('cloudformation', 'ARM64')).toBe(
			'RuntimePlatform: {CpuArchitecture: ARM64, OperatingSystemFamily: LINUX} on the AWS::ECS::TaskDefinition',
		);
		expect(runtimePlatformChange('terraform', 'X86_64')).toBe(
			'runtime_platform { cpu_architecture = "X86_64", operating_system_family = "LINUX" } in the aws_ecs_task_definition',
		);
		expect(runtimePlatformChange('cdk', 'ARM64')).toContain('ecs.CpuArchitecture.ARM64');
		expect(ownershipWarning({tool: 'terraform', evidence: 'tag ManagedBy=Terraform'}, 'Task definition family api')).toBe(
			'Task definition family api is managed by Terraform (tag ManagedBy=Terraform): a change made here is undone by its next deploy.',
		);
	});
});

const definition = (revision: number, extra: Partial<EcsTaskDefinition> = {}): EcsTaskDefinition => ({
	arn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/api:${revision}`,
	family: 'api',
	revision,
	requiresCompatibilities: ['FARGATE'],
	containers: [{name: 'api', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/api:2.3', essential: true}],
	...extra,
});
const image = (architecture: string): ImageFacts => ({raw: 'x', platforms: [makePlatform('linux', architecture)], attestationCount: 0});

describe('revisionChange', () => {
	it('names a runtimePlatform dropped by a new revision whose image did not change', () => {
		const change = revisionChange({definition: definition(8, {cpuArchitecture: 'ARM64'}), source: 'the revision before it', images: new Map()}, definition(9));
		expect(change).toMatchObject({
			droppedArchitecture: 'ARM64',
			imageChanged: false,
			differences: ['api:9 dropped the runtimePlatform ARM64 that api:8 had'],
			summary: 'api:9 dropped the runtimePlatform ARM64 that api:8 had; the image did not change.',
		});
	});

	it('names an image that changed, and what the old one held', () => {
		const newer = definition(9, {containers: [{name: 'api', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/api:2.4', essential: true}]});
		const change = revisionChange({definition: definition(8), source: 'the revision before it', images: new Map([['api', image('amd64')]])}, newer);
		expect(change?.differences).toEqual(["container api's image changed from orders/api:2.3 to orders/api:2.4 (the old one holds linux/amd64)"]);
		expect(change?.imageChanged).toBe(true);
	});

	it('names a changed runtimePlatform, new compatibilities and containers added or removed', () => {
		const before = definition(3, {
			cpuArchitecture: 'X86_64',
			containers: [
				{name: 'api', image: 'a', essential: true},
				{name: 'xray', image: 'x', essential: false},
			],
		});
		const after = definition(4, {
			cpuArchitecture: 'ARM64',
			requiresCompatibilities: ['EC2'],
			containers: [
				{name: 'api', image: 'a', essential: true},
				{name: 'log_router', image: 'f', essential: true},
			],
		});
		expect(revisionChange({definition: before, source: 's', images: new Map()}, after)?.differences).toEqual([
			'api:4 changed runtimePlatform from X86_64 to ARM64',
			'api:4 requires EC2 where api:3 required FARGATE',
			'api:4 adds container log_router (f)',
			'api:4 removes container xray',
		]);
	});

	it('says nothing when nothing differs', () => {
		expect(revisionChange({definition: definition(8), source: 's', images: new Map()}, definition(9))).toBeUndefined();
	});
});

describe('previousRevisionCandidates', () => {
	it('takes the revision a rolled-back service runs, other deployments, then the number before', () => {
		const service = {taskDefinition: definition(7).arn, deployments: [{taskDefinition: definition(9).arn}, {taskDefinition: definition(6).arn}]};
		expect(previousRevisionCandidates(definition(9), service).map(candidate => candidate.arn)).toEqual([definition(7).arn, definition(6).arn, 'api:8']);
	});

	it('never takes a newer revision the service runs since', () => {
		const service = {taskDefinition: definition(10).arn, deployments: [{taskDefinition: definition(10).arn}]};
		expect(previousRevisionCandidates(definition(9), service).map(candidate => candidate.arn)).toEqual(['api:8']);
		expect(previousRevisionCandidates(definition(1), undefined)).toEqual([]);
	});
});
