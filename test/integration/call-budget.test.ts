/**
 * The calls a scan may make, per API, at AWS's own page sizes: the critical path reads what the
 * evidence implicates, not the whole inventory, so a regression shows as a count, not a time.
 */
import {describe, expect, it} from 'vitest';
import {buildScenario} from '../../source/simulator/scenarios.js';
import {scanSession} from '../../source/session/scan.js';
import {openSession} from '../../source/session/session.js';
import {clockOf, runScan, scenarioAccount, simulate} from '../helpers/simulated-aws.js';

/** AWS's page sizes: the simulator's own small pages off, so maxResults decides. */
const awsPages = {pageSize: 10_000};

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

describe('the call budget', () => {
	it('20 clusters × 10 services, 400 log groups, 2 incidents: at most 80 calls, one task definition per incident', async () => {
		const simulator = await simulate(scenarioAccount('large'), awsPages);
		const {report} = await runScan();
		expect(report.findings).toHaveLength(2);
		const counts = simulator.countCalls();
		const budget: Record<string, number> = {
			'sts:GetCallerIdentity': 1,
			'ecs:ListClusters': 1,
			'ecs:ListServices': 20,
			'ecs:DescribeServices': 20,
			'ecs:ListTasks': 20,
			'ecs:DescribeTasks': 2,
			'ecs:DescribeTaskDefinition': 2,
			'apprunner:ListServices': 1,
			'lambda:ListFunctions': 1,
			'logs:StartQuery': 1,
			'logs:GetQueryResults': 2,
			'ecr:BatchGetImage': 2,
			'ecr:GetDownloadUrlForLayer': 2,
			's3:GetObject': 2,
		};
		for (const [action, count] of Object.entries(counts)) expect({action, count}).toEqual({action, count: Math.min(count, budget[action] ?? 0)});
		expect(total(counts)).toBeLessThanOrEqual(80);
	});

	it('the seed incident: at most 14 calls', async () => {
		const simulator = await simulate(scenarioAccount('seed-fargate'), awsPages);
		const {report} = await runScan();
		expect(report.findings.map(finding => finding.verdict)).toEqual(['architecture-mismatch']);
		expect(total(simulator.countCalls())).toBeLessThanOrEqual(14);
		expect(simulator.countCalls()['ecs:DescribeTaskDefinition']).toBe(1);
	});

	it('still reads the rest of the inventory when a line names a task that is gone and no revision read explains it', async () => {
		const simulator = await simulate(scenarioAccount('log-flood'), awsPages);
		const {report} = await runScan();
		expect(report.findings.map(finding => finding.id)).toContain('ecs-task/unknown/nightly-report');
		expect(simulator.countCalls()['ecs:ListTaskDefinitionFamilies']).toBeGreaterThan(0);
	});

	it('the large account in three regions: three times the inventory, but each config blob read once', async () => {
		const primary = scenarioAccount('large');
		const clock = clockOf(primary);
		const others = ['eu-west-1', 'us-east-1'].map(region => buildScenario('large', {region, clock: () => clock.now()}));
		const simulator = await simulate(primary, {...awsPages, others});
		const session = openSession({clock, spread: {regions: ['ap-northeast-1', 'eu-west-1', 'us-east-1']}, env: process.env});
		try {
			const report = await scanSession(session, {since: '24h'});
			expect(report.findings).toHaveLength(6);
		} finally {
			await session.close();
		}
		const counts = simulator.countCalls();
		expect([counts['ecs:DescribeTaskDefinition'], counts['ecr:BatchGetImage']]).toEqual([6, 3]);
		// The same image in three regions' ECR has one config blob: downloaded once.
		expect([counts['ecr:GetDownloadUrlForLayer'], counts['s3:GetObject']]).toEqual([1, 1]);
		expect(total(counts)).toBeLessThanOrEqual(3 * 73);
	});
});
