import {describe, expect, it} from 'vitest';
import type {EcsTaskDefinition} from '../../source/ports/account.js';
import {guessUpstream, shellQuote, suggestFixes, type FixContext} from '../../source/diagnosis/fix-suggestions.js';
import type {Workload} from '../../source/diagnosis/types.js';
import {parseImageReference} from '../../source/registry/image-reference.js';
import {makePlatform} from '../../source/registry/platform.js';

const reference = parseImageReference('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest')!;
const amd64 = makePlatform('linux', 'amd64');
const arm64 = makePlatform('linux', 'arm64', 'v8');
const definition: EcsTaskDefinition = {
	arn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/grafana:3',
	family: 'grafana',
	revision: 3,
	requiresCompatibilities: ['FARGATE'],
	containers: [{name: 'grafana', image: reference.raw, essential: true}],
};
const service: Workload = {
	kind: 'ecs-service',
	name: 'grafana',
	arn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/observability/grafana',
	cluster: 'observability',
	launchType: 'FARGATE',
};
const appRunner: Workload = {kind: 'apprunner-service', name: 'grafana', arn: 'arn:aws:apprunner:ap-northeast-1:123456789012:service/grafana/abc'};

function context(overrides: Partial<FixContext> = {}): FixContext {
	return {
		verdict: 'architecture-mismatch',
		workload: service,
		region: 'ap-northeast-1',
		reference,
		imagePlatforms: [arm64],
		needed: amd64,
		definition,
		containerdImageStore: false,
		...overrides,
	};
}

describe('suggestFixes', () => {
	it('offers repush, copy-index, rebuild and a task definition patch for an ECS mismatch', () => {
		const fixes = suggestFixes(context());
		expect(fixes.map(fix => fix.id)).toEqual(['repush', 'copy-index', 'rebuild', 'patch-task-definition']);
		const repush = fixes[0]!;
		expect(repush.commands).toContain('docker pull --platform linux/amd64 grafana/grafana:latest');
		expect(repush.commands).toContain('docker push 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest');
		expect(repush.commands.at(-1)).toBe('aws ecs update-service --cluster observability --service grafana --force-new-deployment --region ap-northeast-1');
		expect(repush.notes.join(' ')).toContain('resolves a tag to a digest');
	});

	it('never offers ARM64 to App Runner', () => {
		const fixes = suggestFixes(context({workload: appRunner, definition: undefined, appRunner: {status: 'RUNNING'}}));
		expect(fixes.map(fix => fix.id)).not.toContain('patch-task-definition');
		expect(JSON.stringify(fixes)).not.toContain('ARM64');
		expect(fixes[0]!.commands.at(-1)).toContain('aws apprunner start-deployment --service-arn');
	});

	it('rebuilds a CREATE_FAILED App Runner service with UpdateService, keeping the rest of its source configuration', () => {
		const fixes = suggestFixes(context({workload: appRunner, definition: undefined, appRunner: {status: 'CREATE_FAILED'}}));
		const last = fixes[0]!.commands.at(-1)!;
		const arn = appRunner.arn;
		expect(last).toBe(
			`aws apprunner describe-service --service-arn ${arn} --query Service.SourceConfiguration --output json --region ap-northeast-1 | jq '.ImageRepository.ImageIdentifier = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest"' > source-configuration.json && aws apprunner update-service --service-arn ${arn} --source-configuration file://source-configuration.json --region ap-northeast-1`,
		);
		expect(last).not.toContain('ImageConfiguration');
		expect(fixes[0]!.notes.join(' ')).toContain('CREATE_FAILED cannot take a deployment');
		expect(fixes[0]!.notes.join(' ')).toContain('environment variables and secrets over');
	});

	it('lets the push deploy a running App Runner service that has automatic deployments on', () => {
		const fixes = suggestFixes(context({workload: appRunner, definition: undefined, appRunner: {status: 'RUNNING', autoDeploymentsEnabled: true}}));
		expect(fixes[0]!.commands.at(-1)).toBe(`aws apprunner list-operations --service-arn ${appRunner.arn} --max-results 1 --region ap-northeast-1`);
		expect(fixes[0]!.notes.join(' ')).toContain('the push itself starts a deployment');
	});

	it('pushes with --platform when the local daemon uses the containerd image store', () => {
		const repush = suggestFixes(context({containerdImageStore: true}))[0]!;
		expect(repush.commands).toContain('docker push --platform linux/amd64 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest');
		expect(repush.notes.join(' ')).toContain('containerd image store');
	});

	it('patches the task definition to what the image holds and drops every read-only field', () => {
		const patch = suggestFixes(context()).find(fix => fix.id === 'patch-task-definition')!;
		expect(patch.title).toContain('ARM64');
		for (const field of [
			'taskDefinitionArn',
			'revision',
			'status',
			'requiresAttributes',
			'compatibilities',
			'registeredAt',
			'registeredBy',
			'deregisteredAt',
			'deleteRequestedAt',
		]) {
			expect(patch.commands[0]).toContain(`.${field}`);
		}
		expect(patch.commands[0]).toContain('cpuArchitecture: "ARM64"');
		expect(patch.commands.at(-1)).toContain('--task-definition grafana');
	});

	it('warns about capacity when patching an EC2 task definition', () => {
		const patch = suggestFixes(context({workload: {...service, launchType: 'EC2'}, definition: {...definition, requiresCompatibilities: ['EC2']}})).find(
			fix => fix.id === 'patch-task-definition',
		)!;
		expect(patch.notes.join(' ')).toContain('container instances of that architecture');
	});

	it('leads with a rebuild for an index that lacks the platform', () => {
		expect(suggestFixes(context({verdict: 'platform-missing'}))[0]!.id).toBe('rebuild');
	});

	it('offers no patch when the image holds nothing ECS can run', () => {
		const fixes = suggestFixes(context({imagePlatforms: [makePlatform('linux', 's390x')]}));
		expect(fixes.map(fix => fix.id)).not.toContain('patch-task-definition');
	});

	it('suggests nothing to apply when the architecture is not the cause or is unknown', () => {
		expect(suggestFixes(context({verdict: 'not-architecture'}))).toEqual([]);
		expect(suggestFixes(context({verdict: 'unknown'}))).toEqual([]);
	});

	it('reruns a standalone task instead of updating a service', () => {
		const task: Workload = {
			kind: 'ecs-task',
			name: 'report-job',
			arn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/batch/abc',
			cluster: 'batch',
			taskDefinition: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/report-job:1',
		};
		const repush = suggestFixes(context({workload: task, definition: undefined}))[0]!;
		expect(repush.commands.at(-1)).toBe('aws ecs run-task --cluster batch --task-definition report-job --region ap-northeast-1');
	});

	it('adds --profile to every aws command when a profile was used', () => {
		const repush = suggestFixes(context({profile: 'prod admin'}))[0]!;
		expect(repush.commands.filter(command => command.startsWith('aws ')).every(command => command.includes("--profile 'prod admin'"))).toBe(true);
	});
});

describe('helpers', () => {
	it('quotes only what needs quoting', () => {
		expect(shellQuote('grafana')).toBe('grafana');
		expect(shellQuote("it's")).toBe(`'it'\\''s'`);
		expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
	});

	it('guesses the upstream image from the ECR repository name', () => {
		expect(guessUpstream(reference)).toBe('grafana/grafana:latest');
	});
});
