import {describe, expect, it} from 'vitest';
import {buildImage} from '../../source/registry/image-builder.js';
import {makePlatform} from '../../source/registry/platform.js';
import {addSidecar, newAccount} from '../../source/simulator/scenarios.js';
import {findingFor, runScan, simulate} from '../helpers/simulated-aws.js';

describe('logs past the old row limit', () => {
	it('finds a task that failed 20 hours ago and is gone, under a crash loop of thousands of lines', async () => {
		const simulator = await simulate('log-flood');
		const lines = [...simulator.account.logGroups.get('/ecs/ingest')!.streams.values()].reduce((total, stream) => total + stream.events.length, 0);
		expect(lines).toBeGreaterThan(2000);
		const {report} = await runScan();
		// One Insights query covers /ecs/, the failing tasks' own streams too: no FilterLogEvents beside it.
		expect(report.searched.logSearch).toBe('insights');
		expect(simulator.countCalls()['logs:FilterLogEvents']).toBeUndefined();
		const nightly = findingFor(report, 'ecs-task/unknown/nightly-report');
		expect(nightly.verdict).toBe('architecture-mismatch');
		expect(nightly.workload).toMatchObject({
			kind: 'ecs-task',
			name: 'nightly-report',
			taskDefinition: expect.stringMatching(/task-definition\/nightly-report:1$/),
		});
		expect(nightly.image.platforms).toEqual(['linux/arm64/v8']);
		expect(nightly.explanation.join(' ')).toContain('its log stream matches task definition family nightly-report');
		const ingest = findingFor(report, 'ecs-service/etl/ingest');
		expect(ingest.verdict).toBe('architecture-mismatch');
		const counted = ingest.evidence.filter(item => item.kind === 'log-line' && item.count);
		expect(counted.length).toBeGreaterThan(0);
		// Each task's stream holds 80 lines; the newest one's last retries may fall after the window ends.
		expect(Math.max(...counted.map(item => item.count!))).toBe(80);
		expect(counted.every(item => item.count! <= 80)).toBe(true);
		expect(report.warnings.filter(warning => warning.code === 'row-limit')).toEqual([]);
	});

	it('counts the lines per stream with FilterLogEvents too, and says which groups it could not search without Insights', async () => {
		await simulate('log-flood', {faults: {deny: ['logs:StartQuery']}});
		const {report} = await runScan();
		expect(report.searched.logSearch).toBe('filter');
		expect(report.findings.map(finding => finding.id)).not.toContain('ecs-task/unknown/nightly-report');
		expect(report.warnings.map(warning => warning.code)).toEqual(expect.arrayContaining(['access-denied', 'breadth-skipped']));
		const ingest = findingFor(report, 'ecs-service/etl/ingest');
		expect(ingest.evidence.find(item => item.kind === 'log-line')!.count).toBeGreaterThanOrEqual(80);
	});
});

/** The sidecar scenario with other images, played forward from the start as the scenario is. */
function sidecarAccount(images: Parameters<typeof addSidecar>[2]) {
	const account = newAccount();
	addSidecar(account, account.now(), images);
	account.advance(account.now());
	return account;
}

describe('a task of several containers', () => {
	it('judges the sidecar the evidence names, and shows the healthy app as healthy', async () => {
		await simulate('sidecar');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/shop/checkout');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.workload.containerName).toBe('log_router');
		expect(finding.image.repository).toBe('shop/fluent-bit');
		expect(finding.summary).toMatch(
			/^Container log_router: shop\/fluent-bit:custom holds only linux\/arm64\/v8, but ECS service shop\/checkout runs on linux\/amd64\.$/,
		);
		expect(finding.containers).toEqual([
			expect.objectContaining({
				name: 'app',
				verdict: 'healthy',
				judged: false,
				platforms: ['linux/amd64', 'linux/arm64/v8'],
				evidence: ['exit code 137 (stopped by ECS with the rest of the task)'],
			}),
			expect.objectContaining({
				name: 'log_router',
				verdict: 'architecture-mismatch',
				judged: true,
				platforms: ['linux/arm64/v8'],
				evidence: [expect.stringMatching(/^its log stream firelens\/log_router\/[0-9a-f]{32} shows exec format error$/)],
			}),
		]);
		expect(finding.explanation).toContainEqual(
			expect.stringMatching(
				/^The task runs 2 containers; this finding is about log_router: its log stream firelens\/log_router\/[0-9a-f]{32} shows exec format error\. app is healthy: its image holds the platform\.$/,
			),
		);
		const repush = finding.fixes.find(fix => fix.id === 'repush')!;
		expect(repush.commands.join('\n')).toContain('/shop/fluent-bit:custom');
		// Both images hold arm64: running the whole task on Graviton is a fix too.
		expect(finding.fixes.map(fix => fix.id)).toContain('patch-task-definition');
	});

	it('does not offer to move the task to another architecture when another container cannot go there', async () => {
		await simulate(sidecarAccount({app: buildImage({platform: makePlatform('linux', 'amd64'), format: 'oci', payload: '#!/bin/sh\nexec checkout\n'})}));
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/shop/checkout');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.workload.containerName).toBe('log_router');
		expect(finding.fixes.map(fix => fix.id)).not.toContain('patch-task-definition');
		expect(finding.fixes.map(fix => fix.id)).toContain('repush');
	});

	it('judges the app when the sidecar is fine and the app is the one that fails', async () => {
		await simulate(
			sidecarAccount({
				router: buildImage({platform: makePlatform('linux', 'amd64'), format: 'docker', payload: '#!/bin/sh\nexec fluent-bit\n'}),
				app: buildImage({platform: makePlatform('linux', 'arm64', 'v8'), format: 'oci', payload: '#!/bin/sh\nexec checkout\n'}),
			}),
		);
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/shop/checkout');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.workload.containerName).toBe('app');
		expect(finding.containers!.map(container => [container.name, container.verdict])).toEqual([
			['app', 'architecture-mismatch'],
			['log_router', 'healthy'],
		]);
	});
});

describe('what changed, and whether a fix will stick', () => {
	it('says the revision dropped its runtimePlatform while the image stayed, and that the CDK owns it', async () => {
		await simulate('revision-drop');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/orders/api');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.summary).toBe(
			'orders/api:2.3 holds only linux/arm64/v8, but ECS service orders/api runs on linux/amd64. What changed: orders-api:2 dropped the runtimePlatform ARM64 that orders-api:1 had; the image did not change.',
		);
		expect(finding.revisionChange).toEqual({
			previous: expect.stringMatching(/task-definition\/orders-api:1$/),
			previousSource: 'another of the service’s deployments',
			differences: ['orders-api:2 dropped the runtimePlatform ARM64 that orders-api:1 had'],
			droppedArchitecture: 'ARM64',
			imageChanged: false,
		});
		expect(finding.ownership).toEqual({
			tool: 'cdk',
			name: 'OrdersStack',
			evidence: expect.stringMatching(/^registered by arn:aws:sts::\d{12}:assumed-role\/cdk-hnb659fds-cfn-exec-role-/),
		});
		// Putting runtimePlatform back comes first, with where to make it stick.
		expect(finding.fixes[0]!.id).toBe('patch-task-definition');
		expect(finding.fixes[0]!.notes[0]).toMatch(
			/^Task definition family orders-api is managed by the CDK, stack OrdersStack \(registered by .+\): a change made here is undone by its next deploy\. Make it there too: runtimePlatform: \{cpuArchitecture: ecs\.CpuArchitecture\.ARM64, operatingSystemFamily: ecs\.OperatingSystemFamily\.LINUX\} on the task definition\.$/,
		);
	});

	it('says nothing changed, and names no owner, where nothing says so', async () => {
		await simulate('seed-fargate');
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.revisionChange).toBeUndefined();
		expect(finding.ownership).toBeUndefined();
		expect(finding.fixes[0]!.id).toBe('repush');
	});
});
