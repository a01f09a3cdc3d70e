import {describe, expect, it} from 'vitest';
import type {AccountPort, EcsTask} from '../../source/ports/account.js';
import {parseImageReference} from '../../source/registry/image-reference.js';
import {makePlatform} from '../../source/registry/platform.js';
import {sha256Digest} from '../../source/registry/digest.js';
import type {Plan} from '../../source/fixes/plan.js';
import type {FixSubject} from '../../source/fixes/subject.js';
import {verifyFix} from '../../source/fixes/verify.js';
import {virtualClock} from '../helpers/clock.js';

const registry = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com';
const image = `${registry}/shop/web:latest`;
const amd64 = makePlatform('linux', 'amd64');
const digest = (character: string) => `sha256:${character.repeat(64)}`;
const configBlob = Buffer.from(JSON.stringify({os: 'linux', architecture: 'amd64'}));
const deploymentId = 'ecs-svc/1111111111111111111';

const subject: FixSubject = {
	workload: {kind: 'ecs-service', name: 'web', arn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web', cluster: 'prod'},
	region: 'ap-northeast-1',
	container: {name: 'app', image},
	reference: parseImageReference(image) as FixSubject['reference'],
	image: {raw: image, platforms: [], attestationCount: 0},
	needed: amd64,
	runtimeSource: 'task definition web:2, no runtimePlatform, so X86_64 on Fargate',
};

const plan: Plan = {strategy: 'repush', title: 'Repush', steps: [], destination: image, targetPlatform: amd64, warnings: [], notes: []};

type TaskScript = {id: string; runningAt: number; stoppedAt?: number; imageDigest?: string};

/**
 * An account that answers only what verification asks, look by look: a task is RUNNING from
 * look `runningAt` and STOPPED (exit 1) from look `stoppedAt`. No log line ever arrives, as when
 * the awslogs driver loses a container's last words in non-blocking mode.
 */
function scriptedAccount(options: {manifest: string; mediaType: string; tasks: TaskScript[]}): AccountPort {
	let look = 0;
	const taskAt = (script: TaskScript): EcsTask | undefined => {
		if (look < script.runningAt) return undefined;
		const stopped = script.stoppedAt !== undefined && look >= script.stoppedAt;
		return {
			arn: `arn:aws:ecs:ap-northeast-1:123456789012:task/prod/${script.id}`,
			id: script.id,
			clusterArn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod',
			taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2',
			startedBy: deploymentId,
			lastStatus: stopped ? 'STOPPED' : 'RUNNING',
			desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
			cpuArchitecture: 'x86_64',
			...(stopped ? {stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: new Date()} : {}),
			containers: [{name: 'app', image, ...(script.imageDigest ? {imageDigest: script.imageDigest} : {}), ...(stopped ? {exitCode: 1} : {})}],
		};
	};
	const visible = () => options.tasks.map(taskAt).filter((task): task is EcsTask => task !== undefined);
	const answers: Partial<AccountPort> = {
		region: 'ap-northeast-1',
		async batchGetImage() {
			return {
				image: {
					registryId: '123456789012',
					repositoryName: 'shop/web',
					digest: sha256Digest(options.manifest),
					manifest: options.manifest,
					mediaType: options.mediaType,
				},
			};
		},
		async getBlob() {
			return configBlob;
		},
		async describeServices() {
			look++;
			const deployment = {
				id: deploymentId,
				status: 'PRIMARY',
				taskDefinition: 'web:2',
				desiredCount: 1,
				runningCount: 0,
				pendingCount: 0,
				failedTasks: 0,
				rolloutState: 'IN_PROGRESS',
			};
			return {
				services: [
					{
						arn: subject.workload.arn,
						name: 'web',
						clusterArn: 'prod',
						status: 'ACTIVE',
						taskDefinition: 'web:2',
						capacityProviders: [],
						desiredCount: 1,
						runningCount: 0,
						deployments: [deployment],
						events: [],
					},
				],
				missing: [],
			};
		},
		async listTasks(_cluster, filter) {
			return visible()
				.filter(task => task.desiredStatus === filter.desiredStatus)
				.map(task => task.arn);
		},
		async describeTasks(_cluster, arns) {
			return {tasks: visible().filter(task => arns.includes(task.arn)), missing: []};
		},
		async describeTaskDefinition() {
			return {
				arn: 'web:2',
				family: 'web',
				revision: 2,
				requiresCompatibilities: ['FARGATE'],
				containers: [
					{name: 'app', image, essential: true, logConfiguration: {driver: 'awslogs', options: {'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs'}}},
				],
			};
		},
		async filterLogEvents() {
			return [];
		},
	};
	return new Proxy(answers as AccountPort, {
		get(target, name) {
			if (name in target) return target[name as keyof AccountPort];
			throw new Error(`verification asked for ${String(name)}, which this test does not script`);
		},
	});
}

const singleManifest = JSON.stringify({
	schemaVersion: 2,
	mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
	config: {mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha256Digest(configBlob), size: configBlob.byteLength},
	layers: [],
});
const index = JSON.stringify({
	schemaVersion: 2,
	mediaType: 'application/vnd.oci.image.index.v1+json',
	manifests: [
		{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest('a'), size: 400, platform: {os: 'linux', architecture: 'amd64'}},
		{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest('b'), size: 400, platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}},
	],
});

/** At AWS's pace (a look every 5 s, 15 minutes at most), on a clock that only moves when verification waits. */
const verify = (account: AccountPort) => {
	const clock = virtualClock();
	return verifyFix(subject, plan, {deploymentId}, account, {timeoutMs: 15 * 60_000, pollMs: 5000, startedAt: new Date(clock.now()), clock});
};

describe('verifyFix on ECS', () => {
	it('does not take a task caught in the moment it shows RUNNING for a working deployment', async () => {
		const verification = await verify(
			scriptedAccount({
				manifest: singleManifest,
				mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
				tasks: [
					{id: 'a'.repeat(32), runningAt: 1, stoppedAt: 2, imageDigest: sha256Digest(singleManifest)},
					{id: 'b'.repeat(32), runningAt: 2, stoppedAt: 3, imageDigest: sha256Digest(singleManifest)},
				],
			}),
		);
		expect(verification.status).toBe('not-verified');
		expect(verification.checks.find(check => check.name === 'deployment')).toMatchObject({
			ok: false,
			detail: expect.stringContaining('keeps failing: 2 new tasks stopped'),
		});
		expect(verification.evidence.filter(item => item.kind === 'stopped-task')).toHaveLength(2);
	});

	it('verifies tasks that stay up, whether they report the index digest or its platform entry', async () => {
		for (const reported of [sha256Digest(index), digest('a')]) {
			const verification = await verify(
				scriptedAccount({
					manifest: index,
					mediaType: 'application/vnd.oci.image.index.v1+json',
					tasks: [{id: 'c'.repeat(32), runningAt: 1, imageDigest: reported}],
				}),
			);
			expect(verification.status).toBe('verified');
			expect(verification.checks.find(check => check.name === 'digest')).toEqual({name: 'digest', ok: true, detail: `the new tasks run ${reported}`});
		}
	});

	it('stops waiting at the next look when the user asks, and says so', async () => {
		let looks = 0;
		const account = scriptedAccount({
			manifest: singleManifest,
			mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
			tasks: [{id: 'f'.repeat(32), runningAt: 3, imageDigest: sha256Digest(singleManifest)}],
		});
		const clock = virtualClock();
		const verification = await verifyFix(subject, plan, {deploymentId}, account, {
			timeoutMs: 15 * 60_000,
			pollMs: 5000,
			startedAt: new Date(clock.now()),
			shouldStop: () => ++looks >= 2,
			clock,
		});
		expect(verification.status).toBe('stopped');
		expect(verification.checks).toContainEqual({name: 'verification', ok: false, detail: 'stopped by the user before the deployment settled'});
		expect(looks).toBe(2);
	});

	it('does not verify a task that runs the arm64 entry, or reports no digest at all', async () => {
		for (const reported of [digest('b'), undefined]) {
			const verification = await verify(
				scriptedAccount({
					manifest: index,
					mediaType: 'application/vnd.oci.image.index.v1+json',
					tasks: [{id: 'e'.repeat(32), runningAt: 1, ...(reported ? {imageDigest: reported} : {})}],
				}),
			);
			expect(verification.status).toBe('not-verified');
			expect(verification.checks.find(check => check.name === 'digest')).toMatchObject({
				ok: false,
				detail: `a new task runs ${reported ?? 'no known digest'}, not ${sha256Digest(index)} (the index) or ${digest('a')} (its linux/amd64 entry)`,
			});
		}
	});
});
