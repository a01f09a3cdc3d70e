import {describe, expect, it} from 'vitest';
import {buildImage, buildIndex} from '../../source/registry/image-builder.js';
import {resolveImage} from '../../source/simulator/registries.js';
import {sha256Digest} from '../../source/registry/digest.js';
import type {SimAccount} from '../../source/simulator/account.js';
import {makePlatform} from '../../source/registry/platform.js';
import {createAppRunnerService, createCluster, registerFargateApp, runStandaloneTask} from '../../source/simulator/resources.js';
import {buildScenario, newAccount} from '../../source/simulator/scenarios.js';
import {runningAppRunnerAccount} from '../fixtures/accounts.js';
import {findingFor, readOnlyAction, runScan, simulate} from '../helpers/simulated-aws.js';

/** Points `tag` at a manifest with this body, stored under its true digest, as the image the tasks ran. */
function retag(account: SimAccount, name: string, tag: string, body: string): void {
	const repository = account.repositories.get(name)!;
	const old = repository.manifests.get(repository.tags.get(tag)!)!;
	const digest = sha256Digest(body);
	repository.manifests.set(digest, {...old, digest, body});
	repository.tags.set(tag, digest);
	for (const cluster of account.clusters.values())
		for (const task of cluster.tasks.values())
			for (const container of task.containers) if (container.imageDigest === old.digest) container.imageDigest = digest;
}

describe('scan verdicts through the simulator and the real SDK', () => {
	it('traces the seed story on ECS Fargate to the arm64-only digest', async () => {
		const simulator = await simulate('seed-fargate');
		const {report} = await runScan();
		expect(report.account).toBe('123456789012');
		expect(report.findings).toHaveLength(1);
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.workload).toMatchObject({kind: 'ecs-service', name: 'grafana', cluster: 'observability', containerName: 'grafana'});
		const repository = simulator.account.repositories.get('grafana/grafana')!;
		expect(finding.image).toMatchObject({
			repository: 'grafana/grafana',
			tag: 'latest',
			digest: repository.tags.get('latest'),
			platforms: ['linux/arm64/v8'],
			kind: 'manifest',
			mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
		});
		expect(finding.image.digestSource).toMatch(/containers\[\]\.imageDigest/);
		expect(finding.runtime).toEqual({platform: 'linux/amd64', source: expect.stringContaining('task definition grafana:1, no runtimePlatform, so X86_64')});
		const logLines = finding.evidence.filter(item => item.kind === 'log-line');
		expect(logLines.length).toBeGreaterThan(5);
		expect(logLines[0]).toMatchObject({message: 'exec /run.sh: exec format error', logGroup: '/ecs/grafana'});
		expect(logLines[0]!.logStream).toMatch(/^ecs\/grafana\/[0-9a-f]{32}$/);
		expect(finding.evidence.some(item => item.kind === 'stopped-task' && item.exitCode === 1)).toBe(true);
		expect(finding.fixes.map(fix => fix.id)).toEqual(['repush', 'copy-index', 'rebuild', 'patch-task-definition']);
		expect(simulator.calls.every(call => readOnlyAction.test(call.action))).toBe(true);
	});

	it('says when the tag was fixed after the failure and only a redeploy is missing', async () => {
		const account = buildScenario('seed-fargate');
		const upstream = resolveImage(account, 'grafana/grafana:latest')!.image;
		const ran = account.repositories.get('grafana/grafana')!.tags.get('latest');
		account.pushImage('grafana/grafana', upstream.children[0]!, 'latest');
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.image).toMatchObject({
			digest: ran,
			platforms: ['linux/arm64/v8'],
			tagNow: {digest: upstream.children[0]!.digest, platforms: ['linux/amd64']},
		});
		expect(finding.explanation.join(' ')).toContain('Since then the tag was pushed again');
		expect(finding.explanation.join(' ')).toContain('only a new deployment picks the fixed image up');
		expect(finding.fixes).toEqual([
			expect.objectContaining({
				id: 'redeploy',
				title: 'Redeploy: grafana/grafana:latest already holds linux/amd64',
				commands: ['aws ecs update-service --cluster observability --service grafana --force-new-deployment --region ap-northeast-1'],
			}),
		]);
	});

	it('bases the fixes on what the tag names now when it moved to another image that cannot run either', async () => {
		const account = buildScenario('seed-fargate');
		account.pushImage(
			'grafana/grafana',
			buildIndex({
				images: [buildImage({platform: makePlatform('linux', 'arm64', 'v8'), format: 'oci', payload: '#!/bin/sh\nexec grafana # 13\n'})],
				attestations: true,
			}),
			'latest',
		);
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.image.tagNow!.platforms).toEqual(['linux/arm64/v8']);
		expect(finding.explanation.join(' ')).toContain('That image cannot run on linux/amd64 either.');
		expect(finding.fixes.map(fix => fix.id)).toEqual(['repush', 'copy-index', 'rebuild', 'patch-task-definition']);
	});

	it('counts a service with many failed tasks as one finding with all of them as evidence', async () => {
		const simulator = await simulate('seed-fargate');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		const lines = [...simulator.account.logGroups.get('/ecs/grafana')!.streams.values()]
			.flatMap(stream => stream.events)
			.filter(event => event.timestamp <= Date.now());
		expect(finding.evidence.filter(item => item.kind === 'log-line')).toHaveLength(lines.length);
		expect(finding.evidenceCount).toBe(finding.evidence.length);
	});

	it('walks an App Runner log group to the service and its image identifier', async () => {
		await simulate('seed-apprunner');
		const {report} = await runScan();
		const finding = findingFor(report, 'apprunner-service/grafana');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.workload).toMatchObject({kind: 'apprunner-service', name: 'grafana', status: 'CREATE_FAILED'});
		expect(finding.runtime.platform).toBe('linux/amd64');
		expect(finding.runtime.source).toContain('App Runner runs x86_64 only');
		expect(finding.evidence.map(item => item.kind)).toEqual(expect.arrayContaining(['log-line', 'apprunner-status', 'apprunner-operation']));
		expect(finding.evidence.find(item => item.kind === 'log-line')!.logGroup).toMatch(/^\/aws\/apprunner\/grafana\/[0-9a-f]{32}\/application$/);
		expect(finding.fixes.map(fix => fix.id)).not.toContain('patch-task-definition');
		expect(finding.fixes[0]!.commands.at(-1)).toContain('aws apprunner update-service');
	});

	it('does not call an App Runner failure "not architecture" from a tag pushed again after it', async () => {
		for (const [deny, because] of [
			[[], 'the tag latest was pushed again at '],
			[['ecr:DescribeImages'], 'whether the tag latest was pushed again after the failure could not be read (ecr:DescribeImages)'],
		] as const) {
			const account = buildScenario('seed-apprunner');
			account.pushImage('grafana/grafana', resolveImage(account, 'grafana/grafana:latest')!.image.children[0]!, 'latest');
			await simulate(account, {faults: {deny: [...deny]}});
			const finding = findingFor((await runScan()).report, 'apprunner-service/grafana');
			expect(finding.verdict).toBe('unknown');
			expect(finding.summary).toContain(`but the cause could not be checked: ${because}`);
			expect(finding.summary).toContain('App Runner records no digest of the image it ran');
			expect(finding.hypotheses).toEqual([]);
			expect(finding.fixes.map(fix => [fix.id, fix.commands.at(-1)])).toEqual([
				['redeploy', expect.stringMatching(/^aws apprunner describe-service .+ aws apprunner update-service /)],
			]);
		}
	});

	it('keeps "not architecture" for an App Runner image that has not changed since it failed', async () => {
		const account = buildScenario('empty');
		const now = account.now();
		account.createRepository('tools/site', {createdAt: now - 3 * 3_600_000});
		account.pushImage(
			'tools/site',
			buildImage({platform: makePlatform('linux', 'amd64'), format: 'docker', payload: 'node server.js\n'}),
			'latest',
			now - 2 * 3_600_000,
		);
		createAppRunnerService(account, {name: 'site', imageIdentifier: `${account.registryHost}/tools/site:latest`, createdAt: now - 3_600_000});
		account.advance(now);
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'apprunner-service/site');
		expect(finding.verdict).toBe('not-architecture');
		// App Runner records no digest, but the image the tag names was not pushed since: its bytes are the ones that failed.
		expect(finding.bytes?.cause).toBe('/run.sh is a script without a #! first line: the kernel cannot tell which interpreter runs it.');
		expect(finding.hypotheses).toEqual([]);
	});

	it('finds a running App Runner service whose automatic deployment of an arm64 push rolled back', async () => {
		await simulate(runningAppRunnerAccount(true).account);
		const {report} = await runScan();
		const finding = findingFor(report, 'apprunner-service/grafana');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.workload.status).toBe('RUNNING');
		expect(finding.image.platforms).toEqual(['linux/arm64/v8']);
		expect(finding.evidence.find(item => item.kind === 'apprunner-operation')!.message).toMatch(
			/^START_DEPLOYMENT operation [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} ended ROLLBACK_SUCCEEDED$/,
		);
		expect(finding.evidence.some(item => item.kind === 'log-line')).toBe(true);
		expect(finding.fixes[0]!.commands.at(-1)).toMatch(/^aws apprunner list-operations --service-arn \S+ --max-results 1 --region ap-northeast-1$/);
	});

	it('finds nothing wrong with a healthy multi-platform service and skips attestation entries', async () => {
		await simulate('healthy');
		const {report} = await runScan();
		expect(report.findings).toEqual([]);
		expect(report.searched).toMatchObject({clusters: 1, ecsServices: 2});
	});

	it('reports platform-missing for an index of arm64 plus an attestation, from the stopped reason alone', async () => {
		await simulate('platform-missing');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/web/frontend');
		expect(finding.verdict).toBe('platform-missing');
		expect(finding.image).toMatchObject({kind: 'index', tag: 'v2', platforms: ['linux/arm64/v8'], attestationCount: 1});
		expect(finding.evidence.some(item => item.kind === 'log-line')).toBe(false);
		expect(finding.evidence.find(item => item.kind === 'stopped-task')!.message).toContain("descriptor matching platform 'linux/amd64'");
		expect(finding.fixes[0]!.id).toBe('rebuild');
		// The circuit breaker rolled the service back to frontend:1; the failure is frontend:2's.
		expect(finding.status).toBe('rolled-back');
		expect(finding.statusReason).toMatch(
			/^deployment ecs-svc\/\d+ of frontend:1 has 2\/2 tasks running since .+, after the last failure, and frontend:2 still fails$/,
		);
		expect(finding.workload.taskDefinition).toMatch(/:task-definition\/frontend:2$/);
		expect(finding.workload.serviceTaskDefinition).toMatch(/:task-definition\/frontend:1$/);
		for (const fix of finding.fixes.filter(candidate => candidate.id !== 'patch-task-definition')) {
			expect(fix.commands.at(-1)).toBe('aws ecs update-service --cluster web --service frontend --task-definition frontend:2 --region ap-northeast-1');
			expect(fix.notes.join(' ')).toContain('it rolled back after frontend:2 failed');
		}
		expect(finding.fixes.find(fix => fix.id === 'patch-task-definition')!.commands[0]).toContain('--task-definition frontend:2 ');
	});

	it('says not-architecture when image and runtime agree, and names the cause its bytes show', async () => {
		await simulate('missing-shebang');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-task/batch/report-job');
		expect(finding.verdict).toBe('not-architecture');
		expect(finding.workload.kind).toBe('ecs-task');
		expect(finding.image.platforms).toEqual(['linux/amd64']);
		expect(finding.runtime.platform).toBe('linux/amd64');
		expect(finding.summary).toContain('the cause is in its files: /run.sh is a script without a #! first line');
		expect(finding.hypotheses).toEqual([]);
		expect(finding.fixes).toEqual([]);
	});

	it('lists the other known causes when the bytes are not read, and never a CRLF #! line', async () => {
		await simulate('missing-shebang');
		const {report} = await runScan({}, {layerBytes: false});
		const finding = findingFor(report, 'ecs-task/batch/report-job');
		expect(finding.verdict).toBe('not-architecture');
		expect(finding.hypotheses[0]).toContain('/run.sh is a script without a #! first line');
		expect(finding.hypotheses.join(' ')).not.toMatch(/CRLF|line endings/);
	});

	it('reads the runtime of an EC2 service from the container instance: amd64 image on Graviton', async () => {
		await simulate('graviton-ec2');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/graviton/worker');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.runtime).toEqual({platform: 'linux/arm64', source: expect.stringContaining('ecs.cpu-architecture arm64')});
		expect(finding.evidence.find(item => item.kind === 'stopped-task')!.exitCode).toBe(255);
		expect(finding.fixes.find(fix => fix.id === 'patch-task-definition')!.title).toContain('X86_64');
	});

	it('recognises the old runc wording', async () => {
		const account = newAccount({runc: 'old'});
		const now = account.now();
		const {addSeedFargate} = await import('../../source/simulator/scenarios.js');
		addSeedFargate(account, now);
		account.advance(now);
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.evidence.find(item => item.kind === 'log-line')!.message).toBe('standard_init_linux.go:228: exec user process caused: exec format error');
	});

	it('diagnoses every story of the demo account at once, calling only read APIs', async () => {
		const simulator = await simulate('demo');
		const {report} = await runScan();
		expect(simulator.calls.filter(call => !readOnlyAction.test(call.action))).toEqual([]);
		expect(report.findings.map(finding => [finding.id, finding.verdict])).toEqual([
			['lambda-function/image-resizer', 'architecture-mismatch'],
			['lambda-function/invoice-pdf', 'architecture-mismatch'],
			['ecs-service/orders/api', 'architecture-mismatch'],
			['ecs-service/observability/grafana', 'architecture-mismatch'],
			['ecs-service/shop/checkout', 'architecture-mismatch'],
			['ecs-service/finance/ledger', 'architecture-mismatch'],
			['ecs-service/graviton/worker', 'architecture-mismatch'],
			['apprunner-service/grafana', 'architecture-mismatch'],
			['ecs-service/web/frontend', 'platform-missing'],
			['lambda-function/report-export', 'index-rejected'],
			['ecs-task/batch/report-job', 'not-architecture'],
		]);
	});

	it('narrows to one service and searches only its log group', async () => {
		const simulator = await simulate('demo');
		const {report} = await runScan({cluster: 'observability', service: 'grafana'});
		expect(report.findings.map(finding => finding.id)).toEqual(['ecs-service/observability/grafana']);
		expect(report.searched.logGroupPrefixes).toEqual([]);
		expect(simulator.countCalls()['apprunner:ListServices']).toBeUndefined();
	});

	it('narrows to one App Runner service', async () => {
		const simulator = await simulate('demo');
		const {report} = await runScan({appRunnerService: 'grafana'});
		expect(report.findings.map(finding => finding.id)).toEqual(['apprunner-service/grafana']);
		expect(simulator.countCalls()['ecs:ListClusters']).toBeUndefined();
		expect(simulator.countCalls()['lambda:ListFunctions']).toBeUndefined();
	});

	it('keeps to the --since window', async () => {
		await simulate('seed-fargate');
		const {report} = await runScan({since: new Date(Date.now() - 10 * 60_000)});
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		const oldest = Date.now() - 10 * 60_000;
		expect(finding.evidence.every(item => item.time === undefined || Date.parse(item.time) >= oldest - 1000)).toBe(true);
		const full = await runScan();
		expect(findingFor(full.report, 'ecs-service/observability/grafana').evidenceCount).toBeGreaterThan(finding.evidenceCount);
	});
});

describe('unknown verdicts say which evidence is missing', () => {
	it('a log line whose task is gone and that no workload logs to', async () => {
		const account = buildScenario('empty');
		account.createLogGroup('/ecs/old-job', account.now() - 3_600_000);
		account.putLogEvent('/ecs/old-job', 'ecs/job/0123456789abcdef0123456789abcdef', account.now() - 2 * 3_600_000, 'exec /job: exec format error');
		await simulate(account);
		const {report} = await runScan();
		expect(report.findings).toHaveLength(1);
		const [finding] = report.findings;
		expect(finding!.verdict).toBe('unknown');
		expect(finding!.workload).toMatchObject({kind: 'ecs-task', name: 'job (/ecs/old-job)'});
		expect(finding!.summary).toContain('no longer visible');
		expect(finding!.summary).toContain('ECS shows stopped tasks for about an hour');
	});

	it('an image deleted from ECR since the failure', async () => {
		const account = buildScenario('seed-fargate');
		const repository = account.repositories.get('grafana/grafana')!;
		repository.manifests.clear();
		repository.tags.clear();
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toContain('ImageNotFound');
	});

	it('a malformed manifest', async () => {
		const account = buildScenario('seed-fargate');
		retag(account, 'grafana/grafana', 'latest', '{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": 7}');
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toContain('is malformed: the manifest has no valid "config" descriptor');
	});

	it('a malformed config blob', async () => {
		const account = buildScenario('seed-fargate');
		const repository = account.repositories.get('grafana/grafana')!;
		const manifest = JSON.parse(repository.manifests.get(repository.tags.get('latest')!)!.body) as {config: {digest: string}};
		const blob = Buffer.from('<html>not a config</html>');
		manifest.config.digest = sha256Digest(blob);
		repository.blobs.set(manifest.config.digest, blob);
		retag(account, 'grafana/grafana', 'latest', JSON.stringify(manifest));
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		// The label cannot be read, but the files can: /run.sh's interpreter is an arm64 busybox.
		expect(finding.image.unknownReason).toContain('config blob');
		expect(finding.image.unknownReason).toContain('not valid JSON');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.summary).toMatch(
			/^grafana\/grafana:latest's label could not be read, but its files settle it: the interpreter \/bin\/sh \(→ \/bin\/busybox\) that \/run\.sh's #! line names is an aarch64 ELF/,
		);
		expect((await runScan({}, {layerBytes: false})).report.findings[0]!.verdict).toBe('unknown');
	});

	it('a manifest whose bytes do not match its digest', async () => {
		const account = buildScenario('seed-fargate');
		const repository = account.repositories.get('grafana/grafana')!;
		const digest = repository.tags.get('latest')!;
		// Someone swapped the bytes under the digest for an amd64 image's manifest: the verdict must not flip.
		const amd64 = buildImage({platform: makePlatform('linux', 'amd64')});
		for (const blob of amd64.blobs) repository.blobs.set(blob.digest, blob.bytes);
		repository.manifests.set(digest, {...repository.manifests.get(digest)!, body: amd64.body});
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toBe(
			`The manifest ECR returned as ${digest} does not match that digest (its bytes hash to ${amd64.digest}): what it says cannot be trusted.`,
		);
		expect(finding.image.platforms).toEqual([]);
	});

	it('a config blob whose bytes do not match its digest', async () => {
		const account = buildScenario('seed-fargate');
		const repository = account.repositories.get('grafana/grafana')!;
		const manifest = JSON.parse(repository.manifests.get(repository.tags.get('latest')!)!.body) as {config: {digest: string}};
		const amd64Config = Buffer.from(JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: []}}));
		repository.blobs.set(manifest.config.digest, amd64Config);
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toBe(
			`The config blob downloaded as ${manifest.config.digest} does not match that digest (its bytes hash to ${sha256Digest(amd64Config)}): the platform it names cannot be trusted.`,
		);
	});

	it('a config blob too large to be a config, without reading it all', async () => {
		const account = buildScenario('seed-fargate');
		const repository = account.repositories.get('grafana/grafana')!;
		const manifest = JSON.parse(repository.manifests.get(repository.tags.get('latest')!)!.body) as {config: {digest: string}};
		const blob = Buffer.alloc(5 * 1024 * 1024, 0x20);
		manifest.config.digest = sha256Digest(blob);
		repository.blobs.set(manifest.config.digest, blob);
		retag(account, 'grafana/grafana', 'latest', JSON.stringify(manifest));
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toBe(
			`Reading the image from ECR failed: Blob ${manifest.config.digest} is larger than 4 MiB: it is not an image config.`,
		);
	});

	it('an image outside ECR', async () => {
		const account = newAccount();
		const now = account.now();
		const cluster = createCluster(account, 'tools');
		account.createLogGroup('/ecs/hub', now - 3_600_000);
		account.createRepository('tools/hub', {createdAt: now - 3_600_000});
		account.pushImage('tools/hub', buildImage({platform: makePlatform('linux', 'arm64')}), 'latest', now - 3_600_000);
		registerFargateApp(account, {family: 'hub', image: `${account.registryHost}/tools/hub:latest`, logGroup: '/ecs/hub'}, now - 3_600_000);
		runStandaloneTask(account, cluster, 'hub', 'FARGATE', now - 30 * 60_000);
		const task = [...cluster.tasks.values()][0]!;
		task.containers[0]!.image = 'docker.io/library/hub:latest';
		account.advance(now);
		await simulate(account);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-task/tools/hub');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toContain('is not in Amazon ECR');
	});
});
