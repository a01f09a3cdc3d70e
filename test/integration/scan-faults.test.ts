import {describe, expect, it} from 'vitest';
import {createAccountPort} from '../../source/aws/account-port.js';
import {AwsError, CannotRunError} from '../../source/errors.js';
import {findingFor, runScan, simulate} from '../helpers/simulated-aws.js';

describe('faults: AccessDenied keeps the scan going and names the IAM action', () => {
	it('falls back to FilterLogEvents when Logs Insights is denied', async () => {
		const simulator = await simulate('demo', {faults: {deny: ['logs:StartQuery']}});
		const {report} = await runScan();
		expect(report.warnings).toContainEqual(expect.objectContaining({code: 'access-denied', action: 'logs:StartQuery'}));
		expect(report.searched.logSearch).toBe('filter');
		expect(findingFor(report, 'ecs-service/observability/grafana').evidence.some(item => item.kind === 'log-line')).toBe(true);
		expect(findingFor(report, 'apprunner-service/grafana').evidence.some(item => item.kind === 'log-line')).toBe(true);
		expect(simulator.countCalls()['logs:FilterLogEvents']).toBeGreaterThan(3);
	});

	it('falls back when GetQueryResults is denied, naming that action', async () => {
		await simulate('seed-fargate', {faults: {deny: ['logs:GetQueryResults']}});
		const {report} = await runScan();
		expect(report.warnings).toContainEqual(expect.objectContaining({code: 'access-denied', action: 'logs:GetQueryResults'}));
		expect(findingFor(report, 'ecs-service/observability/grafana').verdict).toBe('architecture-mismatch');
	});

	it('falls back when Logs Insights is unavailable', async () => {
		await simulate('seed-fargate', {faults: {unavailable: ['logs:StartQuery']}});
		const {report} = await runScan();
		expect(report.warnings).toContainEqual(expect.objectContaining({code: 'insights-unavailable', action: 'logs:StartQuery'}));
		expect(report.searched.logSearch).toBe('filter');
	});

	it('still diagnoses from stopped tasks and images when every Logs call is denied', async () => {
		await simulate('seed-fargate', {faults: {deny: ['logs:*']}});
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.evidence.every(item => item.kind !== 'log-line')).toBe(true);
		expect(report.warnings.map(warning => warning.action)).toEqual(expect.arrayContaining(['logs:FilterLogEvents', 'logs:StartQuery']));
	});

	it('says unknown when ECR may not be read, and names ecr:BatchGetImage', async () => {
		await simulate('seed-fargate', {faults: {deny: ['ecr:BatchGetImage']}});
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/observability/grafana');
		expect(finding.verdict).toBe('unknown');
		expect(finding.image.unknownReason).toContain('ecr:BatchGetImage');
		expect(report.warnings).toContainEqual(expect.objectContaining({code: 'access-denied', action: 'ecr:BatchGetImage'}));
	});

	it('says unknown for a single manifest when its config blob may not be read', async () => {
		await simulate('seed-fargate', {faults: {deny: ['ecr:GetDownloadUrlForLayer']}});
		const {report} = await runScan();
		expect(findingFor(report, 'ecs-service/observability/grafana').verdict).toBe('unknown');
		expect(report.warnings).toContainEqual(expect.objectContaining({action: 'ecr:GetDownloadUrlForLayer'}));
	});

	it('goes on with App Runner when ECS is denied', async () => {
		await simulate('demo', {faults: {deny: ['ecs:ListClusters']}});
		const {report} = await runScan();
		expect(report.findings.map(finding => finding.id)).toContain('apprunner-service/grafana');
		expect(report.warnings).toContainEqual(expect.objectContaining({code: 'access-denied', action: 'ecs:ListClusters'}));
	});

	it('cannot run when no workload can be read at all', async () => {
		await simulate('demo', {faults: {deny: ['ecs:*', 'apprunner:*', 'lambda:*']}});
		await expect(runScan()).rejects.toThrow(CannotRunError);
	});

	it('cannot run when the cluster the user named may not be read', async () => {
		await simulate('demo', {faults: {deny: ['ecs:DescribeClusters']}});
		await expect(runScan({cluster: 'observability'})).rejects.toThrow(/Cannot read cluster "observability": this identity may not call ecs:DescribeClusters/);
	});
});

describe('faults: what stops the run', () => {
	it('an unknown cluster', async () => {
		await simulate('demo');
		await expect(runScan({cluster: 'nope'})).rejects.toThrow(new CannotRunError('Cluster "nope" was not found in ap-northeast-1.'));
	});

	it('an unknown service, in one cluster or in all', async () => {
		await simulate('demo');
		await expect(runScan({cluster: 'observability', service: 'nope'})).rejects.toThrow(
			new CannotRunError('Service "nope" was not found in cluster "observability".'),
		);
		await expect(runScan({service: 'nope'})).rejects.toThrow(new CannotRunError('Service "nope" was not found in any cluster in ap-northeast-1.'));
	});

	it('an unknown App Runner service', async () => {
		await simulate('demo');
		await expect(runScan({appRunnerService: 'nope-nope'})).rejects.toThrow(
			new CannotRunError('App Runner service "nope-nope" was not found in ap-northeast-1.'),
		);
	});

	it('expired and rejected credentials', async () => {
		await simulate('demo', {faults: {credentials: 'expired'}});
		await expect(runScan()).rejects.toThrow(AwsError);
		await expect(runScan()).rejects.toThrow(/credentials have expired/);
		await simulate('demo', {faults: {credentials: 'invalid'}});
		await expect(runScan()).rejects.toThrow(/rejected the credentials/);
	});

	it('an unreachable endpoint', async () => {
		await simulate('empty');
		process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
		await expect(runScan()).rejects.toThrow(/Could not reach the AWS endpoint for sts .*ECONNREFUSED/);
	});

	it('a region that is not a region name', async () => {
		process.env.AWS_REGION = 'moon-base-one';
		await expect(createAccountPort({})).rejects.toThrow(/"moon-base-one" is not an AWS region name/);
	});

	it('no region at all', async () => {
		delete process.env.AWS_REGION;
		process.env.AWS_CONFIG_FILE = '/nonexistent/config';
		await expect(createAccountPort({})).rejects.toThrow(/No AWS region is set/);
	});
});

describe('faults: throttling, latency and pagination are not failures', () => {
	// The scan makes four Logs calls now: ECS, with dozens, is throttled too so the retries are exercised.
	it('finds the same evidence with Logs throttled to 2 calls a second, ECS to 10, and 20 ms per call', async () => {
		const simulator = await simulate('demo', {faults: {throttle: {logs: 2, ecs: 10}, latencyMs: 20}, pageSize: 2});
		const {report} = await runScan();
		expect(report.findings).toHaveLength(11);
		expect(report.warnings).toEqual([]);
		expect(simulator.calls.some(call => call.code === 'ThrottlingException')).toBe(true);
	});

	it('follows FilterLogEvents through empty pages that carry a nextToken', async () => {
		const simulator = await simulate('seed-fargate', {faults: {deny: ['logs:StartQuery']}});
		const {report} = await runScan();
		const streams = simulator.account.logGroups.get('/ecs/grafana')!.streams.size;
		expect(streams).toBeGreaterThan(4);
		const expected = [...simulator.account.logGroups.get('/ecs/grafana')!.streams.values()]
			.flatMap(stream => stream.events)
			.filter(event => event.timestamp <= Date.now()).length;
		expect(findingFor(report, 'ecs-service/observability/grafana').evidence.filter(item => item.kind === 'log-line')).toHaveLength(expected);
	});

	it('publishes findings before the broad log search ends', async () => {
		await simulate('seed-fargate');
		const {events} = await runScan();
		const firstFinding = events.findIndex(event => event.type === 'finding');
		const logsDone = events.findIndex(event => event.type === 'source' && event.source === 'logs' && event.state === 'done');
		expect(firstFinding).toBeGreaterThanOrEqual(0);
		expect(firstFinding).toBeLessThan(logsDone);
	});
});
