import {describe, expect, it} from 'vitest';
import {findingFor, runScan, simulate} from '../helpers/simulated-aws.js';

describe('logs past the old row limit', () => {
	it('finds a task that failed 20 hours ago and is gone, under a crash loop of thousands of lines', async () => {
		const simulator = await simulate('log-flood');
		const lines = [...simulator.account.logGroups.get('/ecs/ingest')!.streams.values()].reduce((total, stream) => total + stream.events.length, 0);
		expect(lines).toBeGreaterThan(2000);
		const {report} = await runScan();
		// Insights for the breadth search; the failing tasks' own streams are read with FilterLogEvents first.
		expect(report.searched.logSearch).toBe('mixed');
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
		expect(counted[0]!.count).toBeGreaterThanOrEqual(80);
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
