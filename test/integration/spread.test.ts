/**
 * Many regions and accounts at once, through the simulator and the real SDK: each target is its
 * own scan on its own clients, the report is merged, and a target that cannot be scanned is a
 * warning while the others are reported.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {baseLayer, buildImage, elfHeaderFor} from '../../source/registry/image-builder.js';
import {makePlatform} from '../../source/registry/platform.js';
import {createCluster, createService, registerFargateApp} from '../../source/simulator/resources.js';
import {buildScenario} from '../../source/simulator/scenarios.js';
import type {SimAccount} from '../../source/simulator/account.js';
import {scanSession} from '../../source/session/scan.js';
import {openSession, type Spread} from '../../source/session/session.js';
import {clockOf, scenarioAccount, simulate} from '../helpers/simulated-aws.js';

const other = '210987654321';
const third = '345678901234';

/** The seed story in ap-northeast-1, and `build` of others on the same clock. */
function world(others: (clock: () => number) => SimAccount[]) {
	const primary = scenarioAccount('seed-fargate');
	const clock = clockOf(primary);
	return {primary, clock, others: others(() => clock.now())};
}

async function scanSpread(spread: Spread | undefined, clock: ReturnType<typeof clockOf>, extra: {scanBudgetMs?: number; env?: NodeJS.ProcessEnv} = {}) {
	const session = openSession({
		clock,
		...(spread ? {spread} : {}),
		env: {...process.env, ...extra.env},
		...(extra.scanBudgetMs ? {scanBudgetMs: extra.scanBudgetMs} : {}),
	});
	try {
		return await scanSession(session, {since: '24h'});
	} finally {
		await session.close();
	}
}

describe('several regions', () => {
	it('scans each region in parallel and merges the findings, each saying where it is', async () => {
		const {primary, clock, others} = world(now => [buildScenario('seed-apprunner', {region: 'eu-west-1', clock: now})]);
		const simulator = await simulate(primary, {others});
		const report = await scanSpread({regions: ['ap-northeast-1', 'eu-west-1', 'us-east-1']}, clock);
		expect(report.findings.map(finding => [finding.id, finding.region, finding.account])).toEqual(
			expect.arrayContaining([
				['123456789012/ap-northeast-1/ecs-service/observability/grafana', 'ap-northeast-1', '123456789012'],
				['123456789012/eu-west-1/apprunner-service/grafana', 'eu-west-1', '123456789012'],
			]),
		);
		expect(report.findings).toHaveLength(2);
		expect(report.scans?.map(scan => [scan.region, scan.findings, scan.error])).toEqual([
			['ap-northeast-1', 1, undefined],
			['eu-west-1', 1, undefined],
			['us-east-1', 0, undefined],
		]);
		expect(report.searched.clusters).toBe(1);
		// Each region's calls went to its own region (SigV4 scope), once each.
		expect(simulator.countCalls()['sts:GetCallerIdentity']).toBe(3);
	});

	it('reports the regions it could scan when one is denied and one never answers, with a warning for each', async () => {
		const {primary, clock} = world(() => []);
		await simulate(primary, {faults: {regions: {'eu-west-1': 'denied', 'us-east-1': 'unreachable'}}});
		const started = Date.now();
		const report = await scanSpread({regions: ['ap-northeast-1', 'eu-west-1', 'us-east-1']}, clock, {scanBudgetMs: 3000});
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(report.findings.map(finding => finding.id)).toEqual(['123456789012/ap-northeast-1/ecs-service/observability/grafana']);
		const failed = report.warnings.filter(warning => warning.code === 'scan-failed');
		expect(failed.map(warning => warning.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
		expect(failed.find(warning => warning.region === 'eu-west-1')!.message).toMatch(
			/eu-west-1 could not be scanned: .*(AccessDenied|not authorized|may not call)/,
		);
		expect(
			report.scans
				?.filter(scan => scan.error)
				.map(scan => scan.region)
				.sort(),
		).toEqual(['eu-west-1', 'us-east-1']);
	});

	it('--all-regions scans the regions account:ListRegions says are enabled', async () => {
		const {primary, clock, others} = world(now => [buildScenario('seed-apprunner', {region: 'eu-west-1', clock: now})]);
		primary.enabledRegions = ['ap-northeast-1', 'eu-west-1'];
		const simulator = await simulate(primary, {others});
		const report = await scanSpread({allRegions: true}, clock);
		expect(report.scans?.map(scan => scan.region)).toEqual(['ap-northeast-1', 'eu-west-1']);
		expect(report.findings).toHaveLength(2);
		expect(simulator.countCalls()['account:ListRegions']).toBe(1);
	});

	it.each([
		['an arm64 image', () => buildImage({platform: makePlatform('linux', 'arm64', 'v8')}), 'linux/arm64/v8', undefined],
		[
			'an amd64-labelled image with an arm64 binary, its layers read there too',
			() =>
				buildImage({
					platform: makePlatform('linux', 'amd64'),
					format: 'oci',
					layers: [baseLayer(makePlatform('linux', 'amd64')), [{path: 'app', content: elfHeaderFor(makePlatform('linux', 'arm64', 'v8'))}]],
					entrypoint: ['/app'],
				}),
			'linux/amd64',
			'/app',
		],
	])('reads %s from the ECR of the region it is in', async (_, image, platform, bytesPath) => {
		const {primary, clock, others} = world(now => {
			const europe = buildScenario('empty', {region: 'eu-west-1', clock: now});
			europe.createRepository('shared/worker', {createdAt: now() - 10 * 3_600_000});
			europe.pushImage('shared/worker', image(), 'v3', now() - 5 * 3_600_000);
			return [europe];
		});
		const cluster = createCluster(primary, 'jobs');
		registerFargateApp(
			primary,
			{family: 'worker', image: `${primary.accountId}.dkr.ecr.eu-west-1.amazonaws.com/shared/worker:v3`, logGroup: '/ecs/worker'},
			clock.now() - 2 * 3_600_000,
		);
		primary.createLogGroup('/ecs/worker', clock.now() - 3 * 3_600_000);
		createService(primary, {cluster, name: 'worker', taskDefinition: 'worker', createdAt: clock.now() - 90 * 60_000});
		// Played once the simulator links the regions: the task pulls its image from eu-west-1's ECR.
		await simulate(primary, {others});
		const report = await scanSpread(undefined, clock);
		const worker = report.findings.find(finding => finding.id === 'ecs-service/jobs/worker')!;
		expect(worker.image.platforms).toEqual([platform]);
		expect(worker.verdict).toBe('architecture-mismatch');
		if (bytesPath) expect(worker.bytes).toMatchObject({verdict: 'architecture-mismatch', file: {path: bytesPath, platform: 'linux/arm64'}});
	});
});

describe('several accounts', () => {
	it('--profile a,b scans each profile’s account', async () => {
		const {primary, clock, others} = world(now => [buildScenario('seed-apprunner', {accountId: other, region: 'ap-northeast-1', clock: now})]);
		await simulate(primary, {others});
		const folder = mkdtempSync(path.join(tmpdir(), 'execdoctor-profiles-'));
		writeFileSync(path.join(folder, 'config'), '[profile prod]\nregion = ap-northeast-1\n[profile shared]\nregion = ap-northeast-1\n');
		writeFileSync(
			path.join(folder, 'credentials'),
			`[prod]\naws_access_key_id = AKIA123456789012PROD\naws_secret_access_key = x\n[shared]\naws_access_key_id = AKIA${other}SHRD\naws_secret_access_key = y\n`,
		);
		const env = {AWS_CONFIG_FILE: path.join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(folder, 'credentials')};
		for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[key];
		Object.assign(process.env, env);
		const report = await scanSpread({profiles: ['prod', 'shared']}, clock);
		expect(report.findings.map(finding => finding.id).sort()).toEqual([
			'123456789012/ap-northeast-1/ecs-service/observability/grafana',
			`${other}/ap-northeast-1/apprunner-service/grafana`,
		]);
		expect(report.scans?.map(scan => [scan.account, scan.profile])).toEqual([
			['123456789012', 'prod'],
			[other, 'shared'],
		]);
		expect(report.account).toBeUndefined();
	});

	it('--accounts with --role-name assumes the role in each; an account without it is a warning', async () => {
		const {primary, clock, others} = world(now => {
			const shared = buildScenario('seed-apprunner', {accountId: other, region: 'ap-northeast-1', clock: now});
			shared.assumableRoles.add('execdoctor-read');
			const locked = buildScenario('empty', {accountId: third, region: 'ap-northeast-1', clock: now});
			return [shared, locked];
		});
		const simulator = await simulate(primary, {others});
		const report = await scanSpread({accounts: {ids: [other, third], roleName: 'execdoctor-read'}}, clock);
		expect(report.findings.map(finding => finding.id)).toEqual([`${other}/ap-northeast-1/apprunner-service/grafana`]);
		const failed = report.warnings.find(warning => warning.code === 'scan-failed')!;
		expect(failed.account).toBe(third);
		expect(failed.message).toContain(`arn:aws:iam::${third}:role/execdoctor-read`);
		expect(
			simulator.calls
				.filter(call => call.action === 'sts:AssumeRole')
				.map(call => call.status)
				.sort(),
		).toEqual([200, 403]);
	});

	it('--monitoring-account: one Insights query over the linked accounts, then only the accounts with hits are entered', async () => {
		const healthy = '456789012345';
		const {clock, others} = world(now => {
			const failing = buildScenario('seed-fargate', {accountId: other, region: 'ap-northeast-1', clock: now});
			const quiet = buildScenario('healthy', {accountId: healthy, region: 'ap-northeast-1', clock: now});
			const runner = buildScenario('seed-apprunner', {accountId: third, region: 'ap-northeast-1', clock: now});
			for (const account of [failing, quiet, runner]) account.assumableRoles.add('execdoctor-read');
			return [failing, quiet, runner];
		});
		const monitoring = buildScenario('empty', {clock: () => clock.now()});
		monitoring.linkedSources = others;
		const simulator = await simulate(monitoring, {others});
		const report = await scanSpread({monitoring: {roleName: 'execdoctor-read'}}, clock);
		expect(report.monitoring).toEqual([{account: '123456789012', region: 'ap-northeast-1', accountsWithHits: [other, third].sort()}]);
		expect(report.findings.map(finding => finding.id).sort()).toEqual([
			`${other}/ap-northeast-1/ecs-service/observability/grafana`,
			`${third}/ap-northeast-1/apprunner-service/grafana`,
		]);
		// The healthy linked account is never entered: two roles assumed, not three.
		expect(simulator.calls.filter(call => call.action === 'sts:AssumeRole')).toHaveLength(2);
		expect(report.scans?.map(scan => scan.account).sort()).toEqual(['123456789012', other, third].sort());
		const {reportLines} = await import('../../source/present/report.js');
		const text = reportLines(report, {width: 200})
			.map(line => line.segments.map(segment => segment.text).join(''))
			.join('\n');
		expect(text).toContain(
			`Monitoring account 123456789012 (ap-northeast-1): its Logs Insights query found lines in linked accounts ${other}, ${third}; only those were entered.`,
		);
	});
});
