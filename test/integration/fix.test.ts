import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readOnlyTaskDefinitionFields} from '../../source/fixes/task-definition.js';
import {buildImage, buildIndex} from '../../source/registry/image-builder.js';
import {parseManifest, platformsOfIndex} from '../../source/registry/manifest.js';
import {formatPlatform, makePlatform} from '../../source/registry/platform.js';
import {runSimulatedDocker} from '../../source/simulator/docker-cli.js';
import {publishUpstream, resolveImage} from '../../source/simulator/registries.js';
import {startOperation} from '../../source/simulator/apprunner-engine.js';
import {addSidecar} from '../../source/simulator/scenarios.js';
import {hasOpenFindings} from '../../source/diagnosis/findings-order.js';
import {exitCodeFor} from '../../source/fixes/fix.js';
import {findingFor} from '../helpers/simulated-aws.js';
import {grafanaEcr, registry, runningAppRunnerAccount} from '../fixtures/accounts.js';
import {fixAccount, fixWorld, publishBrokenUpstream, type FixWorld} from '../helpers/fixing.js';

function ecrPlatforms(world: FixWorld, repository: string, tag: string): string[] {
	const stored = world.simulator.account.repositories.get(repository)!;
	const manifest = stored.manifests.get(stored.tags.get(tag)!)!;
	const parsed = parseManifest(manifest.body, manifest.mediaType);
	if (parsed.kind === 'index') return platformsOfIndex(parsed.entries).runnable.map(entry => formatPlatform(entry.platform));
	const config = JSON.parse(stored.blobs.get((JSON.parse(manifest.body) as {config: {digest: string}}).config.digest)!.toString()) as {
		os: string;
		architecture: string;
		variant?: string;
	};
	return [formatPlatform(makePlatform(config.os, config.architecture, config.variant))];
}

const mutatingCalls = (world: FixWorld) =>
	world.simulator.calls.filter(call => /^(ecs:(Register|Update|Deregister)|apprunner:(StartDeployment|UpdateService)|ecr:Put)/.test(call.action));

describe('repush', () => {
	it('pulls linux/amd64, checks it, pushes it with --platform, redeploys, and verifies', async () => {
		const world = await fixWorld('seed-fargate');
		const {report, events} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(report.message).toBe('Verified: grafana runs on linux/amd64 and no new exec format error was logged.');
		expect(report.steps.map(step => [step.id, step.status])).toEqual([
			['ecr-token', 'done'],
			['docker-login', 'done'],
			['docker-pull', 'done'],
			['check-pulled', 'done'],
			['docker-tag', 'done'],
			['docker-push', 'done'],
			['force-new-deployment', 'done'],
		]);
		expect(ecrPlatforms(world, 'grafana/grafana', 'latest')).toEqual(['linux/amd64']);
		expect(report.verification.checks.map(check => [check.name, check.ok])).toEqual([
			['image', true],
			['deployment', true],
			['platform', true],
			['digest', true],
			['logs', true],
		]);
		expect(report.changes.map(change => change.step)).toEqual(['docker-push', 'force-new-deployment']);
		expect(report.changes[0]!.undo).toContain('aws ecr put-image --repository-name grafana/grafana --region ap-northeast-1 --image-tag latest');
		expect(events.some(event => event.type === 'verify-progress' && event.message.includes('running'))).toBe(true);
	});

	it('gives docker the ECR password on stdin only, and pushes with --platform under the containerd store', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		const calls = world.dockerCalls();
		const login = calls.find(call => call.argv[0] === 'login')!;
		expect(login.argv).toEqual(['login', '--username', 'AWS', '--password-stdin', registry]);
		expect(login.stdin).toMatch(/^simulated-ecr-password-[0-9a-f]{32}$/);
		const everything = JSON.stringify({calls: calls.filter(call => call.argv[0] !== 'login'), report});
		expect(everything).not.toContain(login.stdin);
		expect(calls.map(call => call.argv.join(' '))).toEqual(
			expect.arrayContaining([
				'pull --platform linux/amd64 grafana/grafana:latest',
				'image inspect --platform linux/amd64 --format {{json .}} grafana/grafana:latest',
				`tag grafana/grafana:latest ${grafanaEcr}`,
				`push --platform linux/amd64 ${grafanaEcr}`,
			]),
		);
	});

	it('finds the source in the local Docker when the ECR image was tagged from it: the digest it was pulled by', async () => {
		const world = await fixWorld('seed-fargate', {docker: {containerdStore: false}});
		runSimulatedDocker(world.simulator.docker, ['pull', 'grafana/grafana:latest']);
		runSimulatedDocker(world.simulator.docker, ['tag', 'grafana/grafana:latest', grafanaEcr]);
		const index = resolveImage(world.simulator.account, 'grafana/grafana:latest')!.image;
		const planned = await world.plan('repush');
		expect('subject' in planned && planned.plan).toMatchObject({source: `grafana/grafana@${index.digest}`, sourceOrigin: 'local-docker'});
		expect('subject' in planned && planned.report.plan!.steps.map(step => step.display)).toContain(`docker push ${grafanaEcr}`);
	});

	it('pulls the very version the ECR copy was made from, though its tag has moved on since', async () => {
		const world = await fixWorld('seed-fargate');
		runSimulatedDocker(world.simulator.docker, ['pull', 'grafana/grafana:latest']);
		runSimulatedDocker(world.simulator.docker, ['tag', 'grafana/grafana:latest', grafanaEcr]);
		const then = resolveImage(world.simulator.account, 'grafana/grafana:latest')!.image;
		const newer = buildIndex({
			images: [
				buildImage({platform: makePlatform('linux', 'amd64'), format: 'docker', payload: '#!/bin/sh\nexec grafana server # 13.0\n'}),
				buildImage({platform: makePlatform('linux', 'arm64', 'v8'), format: 'docker', payload: '#!/bin/sh\nexec grafana server # 13.0\n'}),
			],
			format: 'docker',
		});
		publishUpstream(world.simulator.account, 'grafana/grafana:latest', newer);
		const {report} = await world.fix('repush');
		expect(report.plan!.source).toBe(`grafana/grafana@${then.digest}`);
		expect(report.outcome).toBe('verified');
		const stored = world.simulator.account.repositories.get('grafana/grafana')!;
		expect(stored.tags.get('latest')).toBe(then.children[0]!.digest);
	});

	it('marks a source guessed from the repository name', async () => {
		const world = await fixWorld('seed-fargate');
		const planned = await world.plan('repush');
		expect('subject' in planned && planned.plan).toMatchObject({source: 'grafana/grafana:latest', sourceOrigin: 'guess'});
		expect('subject' in planned && planned.report.plan!.warnings.join(' ')).toContain('is a guess from the repository name');
	});

	it('stops before pushing when the pull silently gives the wrong architecture, on either image store', async () => {
		for (const [containerdStore, message] of [
			[false, 'The pulled image is linux/arm64, not linux/amd64: someone/grafana-arm:latest holds no linux/amd64'],
			[true, 'The pull did not give linux/amd64: someone/grafana-arm:latest holds no linux/amd64'],
		] as const) {
			const world = await fixWorld('seed-fargate', {docker: {containerdStore}});
			publishUpstream(world.simulator.account, 'someone/grafana-arm:latest', buildImage({platform: makePlatform('linux', 'arm64'), format: 'docker'}));
			const {report} = await world.fix('repush', {source: 'someone/grafana-arm:latest'});
			expect(report.outcome).toBe('failed');
			expect(report.steps.find(step => step.id === 'check-pulled')).toMatchObject({status: 'failed', detail: expect.stringContaining(message)});
			expect(report.steps.at(-1)!.status).toBe('skipped');
			expect(report.changes).toEqual([]);
			expect(world.dockerCalls().some(call => call.argv[0] === 'push')).toBe(false);
			expect(mutatingCalls(world)).toEqual([]);
		}
	});

	it('checks the platform it pulled, not the arm64 one the Mac pulled before, under the containerd image store', async () => {
		const world = await fixWorld('seed-fargate');
		runSimulatedDocker(world.simulator.docker, ['pull', 'grafana/grafana:latest']);
		expect(runSimulatedDocker(world.simulator.docker, ['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', 'grafana/grafana:latest']).stdout).toBe(
			'linux/arm64/v8',
		);
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.steps.find(step => step.id === 'check-pulled')).toMatchObject({status: 'done', detail: 'grafana/grafana:latest is linux/amd64'});
		expect(report.outcome).toBe('verified');
		expect(ecrPlatforms(world, 'grafana/grafana', 'latest')).toEqual(['linux/amd64']);
	});

	it('says why it cannot check, and pushes nothing, when an older docker cannot inspect one platform', async () => {
		const world = await fixWorld('seed-fargate', {docker: {cliVersion: '27.5.1'}});
		runSimulatedDocker(world.simulator.docker, ['pull', 'grafana/grafana:latest']);
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('failed');
		expect(report.steps.find(step => step.id === 'check-pulled')!.detail).toBe(
			"docker image inspect shows linux/arm64/v8, which under the containerd image store may only be this machine's variant; this Docker CLI is older than 28.1 and cannot inspect linux/amd64 alone. Nothing was pushed: upgrade Docker, or use --strategy copy-index.",
		);
		expect(world.dockerCalls().some(call => call.argv[0] === 'push')).toBe(false);

		const fresh = await fixWorld('seed-fargate', {docker: {cliVersion: '27.5.1'}});
		expect((await fresh.fix('repush', {source: 'grafana/grafana:latest'})).report.outcome).toBe('verified');
	});

	it('pushes a new tag and a new task definition revision when tags are immutable', async () => {
		const account = fixAccount('seed-fargate');
		account.repositories.get('grafana/grafana')!.tagMutability = 'IMMUTABLE';
		const world = await fixWorld(account);
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(report.plan!.destination).toBe(`${registry}/grafana/grafana:latest-amd64-202611240930`);
		expect(report.plan!.warnings).toContain(
			`Repository grafana/grafana keeps the tag latest immutable (IMMUTABLE), so the image goes to the tag latest-amd64-202611240930 and the workload is pointed at it.`,
		);
		expect(report.steps.map(step => step.id)).toEqual([
			'ecr-token',
			'docker-login',
			'docker-pull',
			'check-pulled',
			'docker-tag',
			'docker-push',
			'register-task-definition',
			'update-service',
		]);
		expect(ecrPlatforms(world, 'grafana/grafana', 'latest')).toEqual(['linux/arm64/v8']);
		expect(ecrPlatforms(world, 'grafana/grafana', 'latest-amd64-202611240930')).toEqual(['linux/amd64']);
		expect(report.changes.map(change => change.undo)).toEqual([
			'aws ecr batch-delete-image --repository-name grafana/grafana --region ap-northeast-1 --image-ids imageTag=latest-amd64-202611240930',
			'aws ecs deregister-task-definition --task-definition grafana:2 --region ap-northeast-1',
			'aws ecs update-service --cluster observability --service grafana --task-definition grafana:1 --region ap-northeast-1',
		]);
	});

	it('reads immutability per tag when the repository has exclusion filters', async () => {
		for (const [setting, exclusions, sameTag] of [
			['IMMUTABLE_WITH_EXCLUSION', ['lat*'], true],
			['IMMUTABLE_WITH_EXCLUSION', ['release-*'], false],
			['MUTABLE_WITH_EXCLUSION', ['latest'], false],
			['MUTABLE_WITH_EXCLUSION', ['release-*'], true],
		] as const) {
			const account = fixAccount('seed-fargate');
			const repository = account.repositories.get('grafana/grafana')!;
			repository.tagMutability = setting;
			repository.tagMutabilityExclusions = [...exclusions];
			const world = await fixWorld(account);
			const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
			expect(report.outcome).toBe('verified');
			expect(report.plan!.destination).toBe(sameTag ? grafanaEcr : `${registry}/grafana/grafana:latest-amd64-202611240930`);
		}
	});

	it('reports a refused push to an immutable tag honestly when told to reuse it', async () => {
		const account = fixAccount('seed-fargate');
		account.repositories.get('grafana/grafana')!.tagMutability = 'IMMUTABLE';
		const world = await fixWorld(account);
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest', tag: 'latest'});
		expect(report.outcome).toBe('failed');
		expect(report.steps.find(step => step.id === 'docker-push')!.detail).toContain('cannot be overwritten because the tag is immutable');
		expect(report.changes).toEqual([]);
	});

	it('is not verified when the new image fails too, and shows the evidence', async () => {
		const world = await fixWorld('seed-fargate');
		publishBrokenUpstream(world);
		const {report} = await world.fix('repush', {source: 'someone/broken:latest'});
		expect(report.outcome).toBe('applied-unverified');
		expect(report.verification.status).toBe('not-verified');
		expect(report.verification.evidence.some(item => item.kind === 'log-line' && item.message === 'exec /run.sh: exec format error')).toBe(true);
		expect(report.verification.evidence.some(item => item.kind === 'stopped-task')).toBe(true);
		expect(report.message).toContain('Applied, but not verified');
		expect(report.changes).toHaveLength(2);
	});

	it('rebuilds a CREATE_FAILED App Runner service with UpdateService and verifies the operation', async () => {
		const world = await fixWorld('seed-apprunner', {target: {kind: 'apprunner-service', name: 'grafana'}});
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.steps.at(-1)).toMatchObject({id: 'update-apprunner', status: 'done'});
		expect(report.outcome).toBe('verified');
		expect(report.verification.checks.find(check => check.name === 'deployment')!.detail).toBe('operation UPDATE_SERVICE SUCCEEDED; service RUNNING');
	});
});

describe('copy-index', () => {
	it('copies every platform of the upstream index into ECR and verifies', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('copy-index', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(ecrPlatforms(world, 'grafana/grafana', 'latest')).toEqual(['linux/amd64', 'linux/arm64/v8']);
		expect(world.dockerCalls().map(call => call.argv.join(' '))).toContain(`buildx imagetools create -t ${grafanaEcr} grafana/grafana:latest`);
	});

	it('refuses to copy a source that is not an index with the platform', async () => {
		const world = await fixWorld('seed-fargate');
		publishUpstream(world.simulator.account, 'someone/grafana-arm:latest', buildImage({platform: makePlatform('linux', 'arm64'), format: 'docker'}));
		const {report} = await world.fix('copy-index', {source: 'someone/grafana-arm:latest'});
		expect(report.outcome).toBe('failed');
		expect(report.message).toContain('is a single-platform image, not an index');
		expect(report.changes).toEqual([]);
	});

	it('fails at the check, in a sentence, when the source does not exist, and changes nothing', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('copy-index', {source: 'someone/nothing-here:v2'});
		expect(report.outcome).toBe('failed');
		expect(report.message).toBe('docker buildx failed: ERROR: someone/nothing-here:v2: not found. Nothing was changed.');
		expect(report.steps.find(step => step.id === 'check-index')?.status).toBe('failed');
		expect(report.changes).toEqual([]);
		expect(mutatingCalls(world)).toEqual([]);
	});

	it('needs buildx', async () => {
		const world = await fixWorld('seed-fargate', {docker: {buildx: false}});
		const {report} = await world.fix('copy-index', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('docker buildx is not available');
	});
});

describe('rebuild', () => {
	it('builds for the needed platform from the folder with the Dockerfile', async () => {
		const world = await fixWorld('seed-fargate');
		const folder = mkdtempSync(path.join(tmpdir(), 'execdoctor-build-'));
		writeFileSync(path.join(folder, 'Dockerfile'), 'FROM scratch\n');
		const {report} = await world.fix('rebuild', {cwd: folder});
		expect(report.outcome).toBe('verified');
		expect(world.dockerCalls().map(call => call.argv.join(' '))).toContain(`buildx build --platform linux/amd64 -t ${grafanaEcr} --push ${folder}`);
	});

	it('refuses to run without a Dockerfile', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('rebuild');
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('There is no Dockerfile in');
		expect(world.dockerCalls().filter(call => call.argv[0] === 'buildx' && call.argv[1] === 'build')).toEqual([]);
	});
});

describe('patch-task-definition', () => {
	it('registers a revision with ARM64, without read-only fields, keeps the tags, and verifies arm64 tasks', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('verified');
		expect(report.plan!.targetPlatform).toBe('linux/arm64/v8');
		const register = world.simulator.calls.find(call => call.action === 'ecs:RegisterTaskDefinition')!;
		expect(register.status).toBe(200);
		for (const field of readOnlyTaskDefinitionFields) expect(register.input).not.toHaveProperty(field);
		expect(register.input).toMatchObject({
			family: 'grafana',
			runtimePlatform: {cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX'},
			tags: [{key: 'team', value: 'grafana'}],
		});
		expect(report.verification.checks.find(check => check.name === 'platform')!.detail).toContain('ecs.cpu-architecture arm64');
		expect(report.changes.map(change => change.undo)).toEqual([
			'aws ecs deregister-task-definition --task-definition grafana:2 --region ap-northeast-1',
			'aws ecs update-service --cluster observability --service grafana --task-definition grafana:1 --region ap-northeast-1',
		]);
		expect(world.dockerCalls()).toEqual([]);
	});

	it('warns about missing capacity on EC2, and reports the deployment that never settles as not verified', async () => {
		const world = await fixWorld('graviton-ec2', {target: {kind: 'ecs-service', cluster: 'graviton', service: 'worker'}});
		const planned = await world.plan('patch-task-definition');
		expect('subject' in planned && planned.report.plan!.warnings).toEqual([
			'Cluster graviton has no x86_64 container instance: ECS will not be able to place the new tasks until it has some.',
		]);
		const {report} = await world.fix('patch-task-definition', {timeoutMs: 800});
		expect(report.outcome).toBe('applied-unverified');
		expect(report.verification.status).toBe('timed-out');
		expect(report.verification.evidence.some(item => item.message.includes('unable to place a task'))).toBe(true);
		expect(report.changes).toHaveLength(2);
	});

	it('is never offered for App Runner', async () => {
		const world = await fixWorld('seed-apprunner', {target: {kind: 'apprunner-service', name: 'grafana'}});
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('App Runner runs x86_64 only');
	});
});

describe('a task with a sidecar', () => {
	const checkout = {kind: 'ecs-service' as const, cluster: 'shop', service: 'checkout'};

	it('plans the repush for the container whose image lacks the platform, the log router', async () => {
		const world = await fixWorld('sidecar', {target: checkout});
		const planned = await world.plan('repush', {source: 'fluent/fluent-bit:3.1'});
		if (!('subject' in planned)) throw new Error(planned.message);
		expect(planned.subject.container.name).toBe('log_router');
		expect(planned.plan.destination).toBe(`${registry}/shop/fluent-bit:custom`);
		expect(planned.subject.containers!.map(container => container.name)).toEqual(['app', 'log_router']);
	});

	it('refuses to patch runtimePlatform when another container cannot run there', async () => {
		const account = fixAccount('empty');
		addSidecar(account, account.now(), {app: buildImage({platform: makePlatform('linux', 'amd64'), format: 'oci'})});
		account.advance(account.now());
		const world = await fixWorld(account, {target: checkout});
		const planned = await world.plan('patch-task-definition');
		expect('subject' in planned).toBe(false);
		expect((planned as {message: string}).message).toBe(
			'Patching runtimePlatform would move every container of checkout to linux/arm64/v8, and not every image holds it: app (holds linux/amd64). Fix the image of log_router instead (--strategy repush, copy-index or rebuild).',
		);
	});
});

describe('a revision a stack owns', () => {
	it('warns in the plan that the next deploy of the stack undoes the patch, and says what to change there', async () => {
		const world = await fixWorld('revision-drop', {target: {kind: 'ecs-service', cluster: 'orders', service: 'api'}});
		const planned = await world.plan('patch-task-definition');
		if (!('subject' in planned)) throw new Error(planned.message);
		expect(planned.plan.targetPlatform).toEqual(makePlatform('linux', 'arm64', 'v8'));
		expect(planned.plan.warnings[0]).toMatch(
			/^Task definition family orders-api is managed by the CDK, stack OrdersStack .+ Make it there too: runtimePlatform: \{cpuArchitecture: ecs\.CpuArchitecture\.ARM64/,
		);
	});
});

describe('refusals and faults', () => {
	it('refuses a workload whose image already holds the platform', async () => {
		const world = await fixWorld('healthy', {target: {kind: 'ecs-service', cluster: 'payments', service: 'api'}});
		const {report} = await world.fix('repush', {source: 'x/y:z'});
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('already holds linux/amd64');
	});

	it('leaves the strategies that need no docker when docker is absent', async () => {
		const world = await fixWorld('seed-fargate', {dockerOnPath: false});
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('refused');
		expect(report.message).toBe('Docker is not installed (docker was not found on PATH). --strategy patch-task-definition needs no Docker.');
		expect((await world.fix('patch-task-definition')).report.outcome).toBe('verified');
	});

	it('says the daemon is not running', async () => {
		const world = await fixWorld('seed-fargate', {daemon: false});
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('The Docker daemon is not running (Cannot connect to the Docker daemon');
	});

	it('reports every change made before a denied mutating call, with its undo', async () => {
		const world = await fixWorld('seed-fargate', {faults: {deny: ['ecs:UpdateService']}});
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('applied-unverified');
		expect(report.steps.at(-1)).toMatchObject({
			id: 'force-new-deployment',
			status: 'failed',
			detail: 'Access denied: this identity may not call ecs:UpdateService.',
		});
		expect(report.changes.map(change => change.step)).toEqual(['docker-push']);
		expect(report.message).toContain('Changes made: ECR');
		expect(report.verification.status).toBe('not-run');
	});

	it('changes nothing when the first mutating call is denied', async () => {
		const world = await fixWorld('seed-fargate', {faults: {deny: ['ecs:RegisterTaskDefinition']}});
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('failed');
		expect(report.changes).toEqual([]);
		expect(report.message).toBe('Access denied: this identity may not call ecs:RegisterTaskDefinition. Nothing was changed.');
	});

	it('stops between steps when asked, and says what was done', async () => {
		const world = await fixWorld('seed-fargate');
		let started = 0;
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest', shouldStop: () => ++started > 3});
		expect(report.outcome).toBe('interrupted');
		expect(report.steps.filter(step => step.status === 'done')).toHaveLength(3);
		expect(report.steps.filter(step => step.status === 'skipped').every(step => step.detail === 'not run: stopped by the user')).toBe(true);
		expect(report.changes).toEqual([]);
		expect(report.message).toBe('Stopped by the user. Nothing was changed.');
	});

	it('stops waiting for the deployment when asked during verification, keeping the changes and their undo', async () => {
		const world = await fixWorld('seed-fargate');
		let asked = 0;
		// Asked before each of the 2 steps, then at each look of the verification.
		const {report} = await world.fix('patch-task-definition', {shouldStop: () => ++asked > 2});
		expect(report.steps.every(step => step.status === 'done')).toBe(true);
		expect(report.outcome).toBe('interrupted');
		expect(report.verification.status).toBe('stopped');
		expect(report.message).toMatch(
			/^Stopped by the user before the verification ended: nothing is undone by stopping\. Changes made: registered task definition grafana:2; service grafana now runs grafana:2 \(was grafana:1\)\./,
		);
		expect(report.changes).toHaveLength(2);
		expect(exitCodeFor(report.outcome, true)).toBe(1);
	});

	it('plans without changing anything', async () => {
		const world = await fixWorld('seed-fargate');
		const planned = await world.plan('repush', {source: 'grafana/grafana:latest'});
		expect('subject' in planned && planned.report.outcome).toBe('planned');
		expect(mutatingCalls(world)).toEqual([]);
		expect(world.dockerCalls().filter(call => !['info', 'buildx', 'image'].includes(call.argv[0]!))).toEqual([]);
	});
});

describe('App Runner', () => {
	const target = {kind: 'apprunner-service', name: 'grafana'} as const;

	it('rebuilds a CREATE_FAILED service with its port, variables and secrets as they were, and undoes the same way', async () => {
		const world = await fixWorld('seed-apprunner', {target});
		const service = [...world.simulator.account.appRunnerServices.values()][0]!;
		const before = {port: service.port, variables: {...service.environmentVariables}, secrets: {...service.environmentSecrets}};
		expect(Object.keys(before.variables)).toHaveLength(2);
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect({port: service.port, variables: service.environmentVariables, secrets: service.environmentSecrets}).toEqual(before);
		const update = report.plan!.steps.find(step => step.id === 'update-apprunner')!;
		expect(update.display).toContain('kept as they are: port 3000, 2 environment variables, 1 secret, ECR access role, automatic deployments on');
		const shown = JSON.stringify(report);
		for (const value of [...Object.values(before.variables), ...Object.values(before.secrets)]) expect(shown).not.toContain(value);
		expect(report.changes.at(-1)!.description).toMatch(
			new RegExp(
				`^App Runner service rebuilt from ${grafanaEcr.replace(/[.]/g, '\\.')} \\(operation [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\)$`,
			),
		);
		expect(report.changes.at(-1)!.undo).toBe(
			`after putting the tag back (above): aws apprunner describe-service --service-arn ${service.arn} --query Service.SourceConfiguration --output json --region ap-northeast-1 | jq '.ImageRepository.ImageIdentifier = "${grafanaEcr}"' > source-configuration.json && aws apprunner update-service --service-arn ${service.arn} --source-configuration file://source-configuration.json --region ap-northeast-1`,
		);
	});

	it('lets the push deploy a running service with automatic deployments on, instead of colliding with a StartDeployment', async () => {
		const {account, service} = runningAppRunnerAccount(true, fixAccount('empty'));
		const world = await fixWorld(account, {target});
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(report.steps.at(-1)).toMatchObject({
			id: 'start-deployment',
			status: 'done',
			detail: expect.stringContaining('started by App Runner after the push'),
		});
		expect(world.simulator.calls.filter(call => call.action === 'apprunner:StartDeployment')).toEqual([]);
		expect(report.verification.checks.find(check => check.name === 'deployment')!.detail).toBe('operation START_DEPLOYMENT SUCCEEDED; service RUNNING');
		expect(service.startCommand).toBe('/run.sh --config /etc/grafana.ini');
	});

	it('starts the deployment itself when automatic deployments are off', async () => {
		const {account} = runningAppRunnerAccount(false, fixAccount('empty'));
		const world = await fixWorld(account, {target});
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(world.simulator.calls.filter(call => call.action === 'apprunner:StartDeployment' && call.status === 200)).toHaveLength(1);
		expect(report.changes.at(-1)!.description).toMatch(/^started App Runner deployment [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	});

	it('adopts the deployment that started just before its own StartDeployment, which App Runner refused with InvalidRequestException', async () => {
		const {account, service} = runningAppRunnerAccount(false, fixAccount('empty'));
		const world = await fixWorld(account, {target});
		let started = false;
		world.simulator.faults.latencyMs = action => {
			// Someone's deployment starts between the last look and execdoctor's own call.
			if (action === 'apprunner:StartDeployment' && !started) {
				started = true;
				startOperation(world.simulator.account, service, 'START_DEPLOYMENT', world.simulator.account.now());
			}
			return 0;
		};
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(world.simulator.calls.filter(call => call.action === 'apprunner:StartDeployment').map(call => call.code)).toEqual(['InvalidRequestException']);
		expect(report.steps.at(-1)).toMatchObject({id: 'start-deployment', status: 'done', detail: expect.stringContaining('started by App Runner')});
		expect(report.outcome).toBe('verified');
	});

	it('refuses a paused service, and one with an operation in progress, before changing anything', async () => {
		const {account, service} = runningAppRunnerAccount(true, fixAccount('empty'));
		service.settledStatus = 'PAUSED';
		const world = await fixWorld(account, {target});
		const paused = (await world.fix('repush', {source: 'grafana/grafana:latest'})).report;
		expect(paused.outcome).toBe('refused');
		expect(paused.message).toContain('is paused: resume it first (`aws apprunner resume-service');
		service.settledStatus = 'RUNNING';
		startOperation(world.simulator.account, service, 'START_DEPLOYMENT', world.session.clock.now());
		const busy = (await world.fix('repush', {source: 'grafana/grafana:latest'})).report;
		expect(busy.outcome).toBe('refused');
		expect(busy.message).toContain('has an operation in progress');
		expect(mutatingCalls(world)).toEqual([]);
		expect(world.dockerCalls().some(call => call.argv[0] === 'push')).toBe(false);
	});
});

describe('ECS services that rolled back, are deployed elsewhere, or run nothing', () => {
	const frontend = {kind: 'ecs-service', cluster: 'web', service: 'frontend'} as const;

	it('repairs the revision that failed, not the one the service rolled back to, and deploys it again', async () => {
		const world = await fixWorld('platform-missing', {target: frontend});
		const folder = mkdtempSync(path.join(tmpdir(), 'execdoctor-build-'));
		writeFileSync(path.join(folder, 'Dockerfile'), 'FROM scratch\n');
		const {report} = await world.fix('rebuild', {cwd: folder});
		expect(report.plan!.warnings[0]).toMatch(
			/^Service frontend runs frontend:1 now \(it rolled back\); the fix repairs frontend:2 \(its failed task [0-9a-f]{8} ran it\) and deploys it\.$/,
		);
		expect(report.plan!.steps.at(-1)!.display).toBe('ecs:UpdateService cluster=web service=frontend taskDefinition=frontend:2');
		expect(report.outcome).toBe('verified');
		expect(ecrPlatforms(world, 'web/frontend', 'v2')).toEqual(['linux/amd64']);
		expect(report.changes.at(-1)!.undo).toBe('aws ecs update-service --cluster web --service frontend --task-definition frontend:1 --region ap-northeast-1');
		expect(world.simulator.account.clusters.get('web')!.services.get('frontend')!.taskDefinition).toMatch(/frontend:2$/);
	});

	it('patches the failing revision to what its image holds', async () => {
		const world = await fixWorld('platform-missing', {target: frontend});
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('verified');
		const register = world.simulator.calls.find(call => call.action === 'ecs:RegisterTaskDefinition')!;
		expect((register.input!.containerDefinitions as {image: string}[])[0]!.image).toMatch(/web\/frontend:v2$/);
		expect(report.changes.map(change => change.description)).toEqual([
			'registered task definition frontend:3',
			'service frontend now runs frontend:3 (was frontend:1)',
		]);
	});

	it('takes the revision it is given, and refuses one whose image is fine', async () => {
		const named = await fixWorld('platform-missing', {target: {...frontend, taskDefinition: 'frontend:2'}});
		const planned = await named.plan('patch-task-definition');
		expect('subject' in planned && planned.report.plan!.warnings[0]).toBe(
			'Service frontend runs frontend:1 now (it rolled back); the fix repairs frontend:2 (named with --task-definition) and deploys it.',
		);
		const world = await fixWorld('platform-missing', {target: {...frontend, taskDefinition: 'frontend:1'}});
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('web/frontend:v1 already holds linux/amd64');
	});

	it('refuses a service that CodeDeploy deploys, before changing anything', async () => {
		const account = fixAccount('seed-fargate');
		account.clusters.get('observability')!.services.get('grafana')!.deploymentController = 'CODE_DEPLOY';
		const world = await fixWorld(account);
		for (const strategy of ['repush', 'patch-task-definition'] as const) {
			const {report} = await world.fix(strategy, {source: 'grafana/grafana:latest'});
			expect(report.outcome).toBe('refused');
			expect(report.message).toContain('is deployed by CodeDeploy (blue/green): ECS refuses UpdateService for it');
		}
		expect(mutatingCalls(world)).toEqual([]);
		expect(world.dockerCalls().some(call => call.argv[0] === 'push')).toBe(false);
	});

	it('says at once that a service with no tasks to run cannot be verified', async () => {
		const account = fixAccount('seed-fargate');
		account.clusters.get('observability')!.services.get('grafana')!.desiredCount = 0;
		const world = await fixWorld(account);
		const started = world.session.clock.now();
		const {report} = await world.fix('patch-task-definition', {timeoutMs: 60_000});
		// On the world's clock: waiting out the 60 s timeout would show here, however fast it ran.
		expect(world.session.clock.now() - started).toBeLessThan(10_000);
		expect(report.plan!.warnings).toContain(
			'Service grafana has a desired count of 0: no task will run, so the fix cannot be verified. To run one: aws ecs update-service --cluster observability --service grafana --desired-count 1 --region ap-northeast-1',
		);
		expect(report.outcome).toBe('applied-unverified');
		expect(report.verification.checks.find(check => check.name === 'deployment')!.detail).toBe(
			'service grafana has a desired count of 0: no task runs to prove the fix',
		);
	});
});

describe('redeploy', () => {
	/** The seed story after someone pushed the right image, and deployed nothing. */
	function fixedButNotDeployed() {
		const account = fixAccount('seed-fargate');
		account.pushImage('grafana/grafana', resolveImage(account, 'grafana/grafana:latest')!.image.children[0]!, 'latest');
		return account;
	}

	it('starts a new deployment when the tag already holds the platform, and verifies it, with no docker', async () => {
		const world = await fixWorld(fixedButNotDeployed());
		const {report} = await world.fix('redeploy');
		expect(report.steps.map(step => [step.id, step.status])).toEqual([['force-new-deployment', 'done']]);
		expect(report.outcome).toBe('verified');
		expect(world.dockerCalls()).toEqual([]);
	});

	it('points the image strategies at redeploy when the image is fixed already, and refuses to redeploy an image still wrong', async () => {
		const fixed = await fixWorld(fixedButNotDeployed());
		const repush = (await fixed.fix('repush', {source: 'grafana/grafana:latest'})).report;
		expect(repush.outcome).toBe('refused');
		expect(repush.message).toContain(
			'the image is not the problem now. If grafana still fails, it runs the image from before: --strategy redeploy starts a new deployment and verifies it.',
		);
		const broken = await fixWorld('seed-fargate');
		const redeploy = (await broken.fix('redeploy')).report;
		expect(redeploy.outcome).toBe('refused');
		expect(redeploy.message).toBe(
			`${grafanaEcr} still holds only linux/arm64/v8, not linux/amd64: a new deployment would fail the same way. Fix the image first (--strategy repush, copy-index or rebuild, or patch-task-definition).`,
		);
		expect(mutatingCalls(fixed)).toEqual([]);
		expect(mutatingCalls(broken)).toEqual([]);
	});

	it('rebuilds a CREATE_FAILED App Runner service on the image its tag names now, and deploys a running one without waiting for a push', async () => {
		const target = {kind: 'apprunner-service', name: 'grafana'} as const;
		const created = fixAccount('seed-apprunner');
		created.pushImage('grafana/grafana', resolveImage(created, 'grafana/grafana:latest')!.image.children[0]!, 'latest');
		const rebuilt = (await (await fixWorld(created, {target})).fix('redeploy')).report;
		expect(rebuilt.steps.map(step => step.id)).toEqual(['update-apprunner']);
		expect(rebuilt.outcome).toBe('verified');

		// Automatic deployments off: the push of the right image deployed nothing.
		const {account} = runningAppRunnerAccount(false, fixAccount('empty'));
		account.pushImage('grafana/grafana', resolveImage(account, 'grafana/grafana:latest')!.image.children[0]!, 'latest');
		account.advance();
		const world = await fixWorld(account, {target});
		const deployed = (await world.fix('redeploy')).report;
		expect(deployed.plan!.steps[0]!.display).toBe(`apprunner:StartDeployment ServiceArn=${[...account.appRunnerServices.values()][0]!.arn}`);
		expect(deployed.outcome).toBe('verified');
	});
});

describe('a scan after a fix', () => {
	it('calls the workload recovered, with no fix, once the fix is verified', async () => {
		const world = await fixWorld('seed-fargate');
		const before = findingFor(await world.scan(), 'ecs-service/observability/grafana');
		expect(before.status).toBe('failing');
		expect((await world.fix('repush', {source: 'grafana/grafana:latest'})).report.outcome).toBe('verified');
		const report = await world.scan();
		const after = findingFor(report, 'ecs-service/observability/grafana');
		expect(after).toMatchObject({verdict: 'architecture-mismatch', status: 'recovered', fixes: []});
		expect(after.statusReason).toMatch(/^deployment ecs-svc\/\d+ of grafana:1 has 1\/1 tasks running since .+, after the last failure$/);
		expect(after.explanation.at(-1)).toBe(`This incident is over: ${after.statusReason}.`);
		expect(after.image.tagNow).toBeUndefined();
		expect(hasOpenFindings(report.findings)).toBe(false);
	});

	it('calls an App Runner service recovered after its redeploy succeeded', async () => {
		const {account} = runningAppRunnerAccount(false, fixAccount('empty'));
		account.pushImage('grafana/grafana', resolveImage(account, 'grafana/grafana:latest')!.image.children[0]!, 'latest');
		const world = await fixWorld(account, {target: {kind: 'apprunner-service', name: 'grafana'}});
		expect(findingFor(await world.scan(), 'apprunner-service/grafana').status).toBe('rolled-back');
		expect((await world.fix('redeploy')).report.outcome).toBe('verified');
		expect(findingFor(await world.scan(), 'apprunner-service/grafana').status).toBe('recovered');
	});
});
