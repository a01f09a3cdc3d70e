import {describe, expect, it} from 'vitest';
import type {ImageFacts} from '../../source/diagnosis/facts.js';
import type {FixId, Workload} from '../../source/diagnosis/types.js';
import {guessUpstream, strategyPlan} from '../../source/fixes/plan.js';
import {shellQuote} from '../../source/fixes/shell.js';
import type {FixSubject} from '../../source/fixes/subject.js';
import {suggestFixes, type SuggestionInput} from '../../source/fixes/suggest.js';
import type {AppRunnerService, EcsTaskDefinition} from '../../source/ports/account.js';
import {parseImageReference} from '../../source/registry/image-reference.js';
import {makePlatform, type Platform} from '../../source/registry/platform.js';

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

function appRunnerService(status: string, autoDeploymentsEnabled?: boolean): AppRunnerService {
	return {
		arn: appRunner.arn,
		name: 'grafana',
		id: 'abc',
		status,
		imageIdentifier: reference.raw,
		environmentVariableNames: [],
		secretNames: [],
		...(autoDeploymentsEnabled === undefined ? {} : {autoDeploymentsEnabled}),
	};
}

const imageOf = (platforms: readonly Platform[]): ImageFacts => ({raw: reference.raw, reference, kind: 'manifest', platforms, attestationCount: 0});

function context(overrides: Partial<SuggestionInput> & {imagePlatforms?: readonly Platform[]} = {}): SuggestionInput {
	const {imagePlatforms = [arm64], ...rest} = overrides;
	return {
		verdict: 'architecture-mismatch',
		workload: service,
		region: 'ap-northeast-1',
		image: imageOf(imagePlatforms),
		needed: amd64,
		runtimeSource: 'task definition grafana:3, no runtimePlatform, so X86_64 on Fargate',
		definition,
		containerdImageStore: false,
		...rest,
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

	it('says which fixes cannot run from this machine, and why: no Docker, no Dockerfile', () => {
		const noDocker = suggestFixes(context({here: {docker: false, dockerNote: 'Docker is not installed (docker was not found on PATH).'}}));
		expect(noDocker.map(fix => [fix.id, fix.blocker])).toEqual([
			['repush', 'needs Docker: Docker is not installed (docker was not found on PATH).'],
			['copy-index', 'needs Docker: Docker is not installed (docker was not found on PATH).'],
			['rebuild', 'needs Docker: Docker is not installed (docker was not found on PATH).'],
			['patch-task-definition', undefined],
		]);
		const noDockerfile = suggestFixes(context({here: {docker: true, dockerfile: false}}));
		expect(noDockerfile.filter(fix => fix.blocker).map(fix => [fix.id, fix.blocker])).toEqual([
			['rebuild', 'needs a Dockerfile in the directory execdoctor runs in, and there is none here.'],
		]);
		// Without a look at the machine, nothing is said about it.
		expect(suggestFixes(context()).some(fix => fix.blocker)).toBe(false);
	});

	it('never offers ARM64 to App Runner', () => {
		const fixes = suggestFixes(context({workload: appRunner, definition: undefined, appRunner: appRunnerService('RUNNING')}));
		expect(fixes.map(fix => fix.id)).not.toContain('patch-task-definition');
		expect(JSON.stringify(fixes)).not.toContain('ARM64');
		expect(fixes[0]!.commands.at(-1)).toContain('aws apprunner start-deployment --service-arn');
	});

	it('rebuilds a CREATE_FAILED App Runner service with UpdateService, keeping the rest of its source configuration', () => {
		const fixes = suggestFixes(context({workload: appRunner, definition: undefined, appRunner: appRunnerService('CREATE_FAILED')}));
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
		const fixes = suggestFixes(context({workload: appRunner, definition: undefined, appRunner: appRunnerService('RUNNING', true)}));
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

describe('one description per strategy', () => {
	const subject = (input: SuggestionInput): FixSubject => ({
		workload: input.workload,
		region: input.region,
		...(input.definition ? {definition: input.definition} : {}),
		...(input.appRunner ? {appRunner: input.appRunner} : {}),
		container: {name: input.workload.name, image: input.image.raw},
		reference: reference as FixSubject['reference'],
		image: input.image,
		needed: input.needed!,
		runtimeSource: input.runtimeSource,
	});
	const assumed = {
		docker: {installed: true, daemon: true, buildx: true, containerdImageStore: true},
		repositoryMutability: {setting: 'UNKNOWN', exclusions: []},
		dockerfile: true,
	};
	const cases: [string, SuggestionInput][] = [
		['an ECS service', context({containerdImageStore: true})],
		[
			'an ECS service that rolled back',
			context({containerdImageStore: true, workload: {...service, taskDefinition: definition.arn, serviceTaskDefinition: `${definition.arn.slice(0, -1)}2`}}),
		],
		[
			'a running App Runner service with automatic deployments',
			context({containerdImageStore: true, workload: appRunner, definition: undefined, appRunner: appRunnerService('RUNNING', true)}),
		],
		[
			'a CREATE_FAILED App Runner service',
			context({containerdImageStore: true, workload: appRunner, definition: undefined, appRunner: appRunnerService('CREATE_FAILED')}),
		],
		['an index without the platform', context({containerdImageStore: true, verdict: 'platform-missing'})],
		['a tag fixed since the failure', context({containerdImageStore: true, imagePlatforms: [amd64], redeployOnly: true})],
	];

	it.each(cases)('suggests for %s exactly the shell forms of the plan execdoctor fix would apply', (_name, input) => {
		const fixes = suggestFixes(input);
		expect(fixes.length).toBeGreaterThan(0);
		for (const fix of fixes) {
			const outcome = strategyPlan(subject(input), {strategy: fix.id as FixId, cwd: '.', now: new Date(0)}, assumed);
			if (!('plan' in outcome)) throw new Error(`${fix.id}: ${outcome.refusal}`);
			expect(fix.commands).toEqual(outcome.plan.steps.flatMap(step => step.shell));
			expect(fix.title).toBe(outcome.plan.title);
			expect(fix.notes).toEqual(expect.arrayContaining([...outcome.plan.notes]));
		}
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
