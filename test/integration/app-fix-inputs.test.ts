import {describe, expect, it} from 'vitest';
import {sessionFixer} from '../../source/ui/run-app.js';
import {fixWorld} from '../helpers/fixing.js';
import {recordingHost} from '../helpers/recording-host.js';

describe('a plan edited in the app', () => {
	it('is planned again by the session with the source and tag typed, as --source and --tag would', async () => {
		const world = await fixWorld('seed-fargate');
		const finding = (await world.scan()).findings.find(candidate => candidate.workload.name === 'grafana')!;
		const host = recordingHost({answer: false});
		await sessionFixer(world.session)(finding, 'repush', host, {source: 'grafana/grafana:11.2.0', tag: 'amd64'});
		const plan = host.asked[0]!.plan!;
		expect(plan.source).toBe('grafana/grafana:11.2.0');
		expect(plan.sourceOrigin).toBe('flag');
		expect(plan.destination).toBe('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:amd64');
		expect(world.simulator.calls.filter(call => /^(ecs:(Register|Update)|ecr:Put)/.test(call.action))).toEqual([]);
	});
});
