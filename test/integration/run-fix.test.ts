/** The one fix sequence's own decisions, whatever the host: dry run, a guess under --yes, a plan declined. */
import {describe, expect, it} from 'vitest';
import {runFix} from '../../source/session/run-fix.js';
import {fixWorld, grafanaService, type FixWorld} from '../helpers/fixing.js';
import {recordingHost} from '../helpers/recording-host.js';

const changesNothing = (world: FixWorld) => {
	expect(world.simulator.calls.filter(call => /^(ecs:(Register|Update)|ecr:Put|apprunner:(Start|Update))/.test(call.action))).toEqual([]);
	expect(world.dockerCalls().filter(call => call.argv[0] === 'push')).toEqual([]);
};

describe('the fix sequence', () => {
	it('prints the plan on a dry run, without asking or changing anything', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost({dryRun: true});
		const report = await runFix({strategy: 'repush', target: grafanaService, cwd: process.cwd(), source: 'grafana/grafana:latest'}, world.session, host);
		expect(report).toMatchObject({outcome: 'planned', dryRun: true});
		expect(report.plan!.steps.map(step => step.id)).toContain('docker-push');
		expect(host.asked).toEqual([]);
		changesNothing(world);
	});

	it('asks the host with the plan it will apply, and applies only after yes', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost({answer: true});
		const report = await runFix({strategy: 'repush', target: grafanaService, cwd: process.cwd(), source: 'grafana/grafana:latest'}, world.session, host);
		expect(host.asked).toHaveLength(1);
		expect(host.asked[0]).toMatchObject({outcome: 'planned', plan: {source: 'grafana/grafana:latest', sourceOrigin: 'flag'}});
		expect(report.outcome).toBe('verified');
		expect(report.plan!.steps).toEqual(host.asked[0]!.plan!.steps);
	});

	it('changes nothing when the host declines', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost({answer: false});
		const report = await runFix({strategy: 'patch-task-definition', target: grafanaService, cwd: process.cwd()}, world.session, host);
		expect(report).toMatchObject({outcome: 'refused', message: 'Not confirmed: nothing was changed.'});
		expect(host.asked).toHaveLength(1);
		changesNothing(world);
	});

	it('refuses a source that is only a guess when nobody is asked (--yes), and shows the plan it refused', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost({assumeYes: true});
		const report = await runFix({strategy: 'copy-index', target: grafanaService, cwd: process.cwd()}, world.session, host);
		expect(report.outcome).toBe('refused');
		expect(report.message).toContain('The source grafana/grafana:latest is only a guess from the repository name: nothing was changed.');
		expect(report.plan!.sourceOrigin).toBe('guess');
		expect(host.asked).toEqual([]);
		changesNothing(world);
	});

	it('asks about a guessed source instead of refusing it when someone is there to answer', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost({answer: false});
		await runFix({strategy: 'copy-index', target: grafanaService, cwd: process.cwd()}, world.session, host);
		expect(host.asked[0]!.plan!.sourceOrigin).toBe('guess');
		expect(host.asked[0]!.plan!.warnings.join(' ')).toContain('is a guess from the repository name');
	});
});
