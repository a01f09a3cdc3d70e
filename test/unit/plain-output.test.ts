import {describe, expect, it} from 'vitest';
import {renderPlainReport} from '../../source/output/plain.js';
import {createStyle} from '../../source/output/style.js';
import {grafana, report} from '../fixtures/findings.js';

const style = createStyle(false);
const apply = 'execdoctor applies and verifies it: execdoctor fix --cluster observability --service grafana --strategy repush --dry-run, then --yes';

describe('the plain report offers to apply a fix only where execdoctor can', () => {
	it('names the whole fix command for a service', () => {
		expect(renderPlainReport(report([grafana]), style, 200)).toContain(apply);
	});

	it('names the failing revision when the service rolled back to another', () => {
		const rolledBack = {
			...grafana,
			workload: {
				...grafana.workload,
				taskDefinition: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/grafana:3',
				serviceTaskDefinition: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/grafana:2',
			},
		};
		expect(renderPlainReport(report([rolledBack]), style, 200)).toContain(
			'execdoctor fix --cluster observability --service grafana --task-definition grafana:3 --strategy repush --dry-run',
		);
	});

	it('keeps the commands but offers nothing to apply under --read-only, or for a standalone task', () => {
		const readOnly = renderPlainReport(report([grafana]), style, 200, {readOnly: true});
		expect(readOnly).toContain('$ docker pull --platform linux/amd64 grafana/grafana:latest');
		expect(readOnly).not.toContain('execdoctor fix');
		const task = {...grafana, id: 'ecs-task/batch/grafana', workload: {...grafana.workload, kind: 'ecs-task' as const}};
		expect(renderPlainReport(report([task]), style, 200)).not.toContain('execdoctor fix');
	});

	it('points the demo at its app, never at `execdoctor fix` on a real account', () => {
		const demo = renderPlainReport(report([grafana]), style, 200, {demo: true});
		expect(demo).not.toContain('execdoctor fix');
		expect(demo).toContain(
			"In a terminal, `execdoctor demo` opens the app: enter opens a finding, tab selects one of its fixes' commands, enter shows that fix's plan, and y applies it to the built-in account and verifies it.",
		);
	});
});
