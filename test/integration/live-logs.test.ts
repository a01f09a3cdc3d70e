import {describe, expect, it} from 'vitest';
import type {FixEvent} from '../../source/fixes/types.js';
import type {LiveLogLine} from '../../source/fixes/watch-logs.js';
import {scaledTiming} from '../../source/simulator/model.js';
import type {Faults} from '../../source/simulator/faults.js';
import type {FixTarget} from '../../source/fixes/types.js';
import {fixWorld as fixWorldAtSpeed, publishBrokenUpstream, type FixWorld} from '../helpers/fixing.js';

/**
 * Live Tail sees only what is logged after it starts, as in AWS. A task here starts about a
 * second (of the test clock) after its deployment, as real ones take tens of seconds: late
 * enough for the session that verification opens first. (At the fix tests' usual speed, tasks
 * start between two looks and their first lines would predate every session.)
 */
async function fixWorld(scenario: 'seed-fargate' | 'seed-apprunner', options: {faults?: Partial<Faults>; target?: FixTarget} = {}): Promise<FixWorld> {
	const world = await fixWorldAtSpeed(scenario, options);
	// App Runner deploys in 4 minutes: at 100 times faster, within the fix world's 10 s verification.
	world.simulator.account.timing = scaledTiming(scenario === 'seed-apprunner' ? 100 : 20);
	return world;
}

const linesOf = (events: readonly FixEvent[]): LiveLogLine[] => events.flatMap(event => (event.type === 'log-line' ? [event.line] : []));
const watchOf = (events: readonly FixEvent[]) => events.filter(event => event.type === 'log-watch');

/** The ids of the tasks the fix's deployment started. */
function newTaskIds(world: FixWorld, deploymentId: string): string[] {
	const cluster = world.simulator.account.clusters.get('observability')!;
	return [...cluster.tasks.values()].filter(task => task.startedBy === deploymentId).map(task => task.id);
}

describe('the new tasks’ log lines while a fix is verified', () => {
	it('come from a Live Tail session on the service’s log group, each naming its container and new task', async () => {
		const world = await fixWorld('seed-fargate');
		const {report, events} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(watchOf(events)).toEqual([{type: 'log-watch', via: 'live-tail'}]);
		const tail = world.simulator.calls.find(call => call.action === 'logs:StartLiveTail')!;
		// ARNs without the trailing :*, and the container's stream prefix.
		expect(tail.input).toEqual({
			logGroupIdentifiers: ['arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/grafana'],
			logStreamNamePrefixes: ['ecs/grafana/'],
		});
		const deployment = report.changes.find(change => change.step === 'force-new-deployment')!.description.match(/deployment (\S+)/)![1]!;
		const lines = linesOf(events);
		expect(lines.map(line => line.message)).toContain('grafana: listening on :3000');
		for (const line of lines) {
			expect(line.container).toBe('grafana');
			expect(newTaskIds(world, deployment)).toContain(line.taskId);
		}
		// Shown while verifying: before the last look's progress.
		const shown = events.findIndex(event => event.type === 'log-line');
		expect(shown).toBeGreaterThan(-1);
		expect(shown).toBeLessThan(events.map(event => event.type).lastIndexOf('verify-progress'));
	});

	it('show the new task failing at exec as it happens', async () => {
		const world = await fixWorld('seed-fargate');
		publishBrokenUpstream(world);
		const {report, events} = await world.fix('repush', {source: 'someone/broken:latest'});
		expect(report.verification.status).toBe('not-verified');
		expect(linesOf(events).map(line => line.message)).toContain('exec /run.sh: exec format error');
	});

	it('are read with FilterLogEvents at every look when Live Tail is not allowed, and say why', async () => {
		const world = await fixWorld('seed-fargate', {faults: {deny: ['logs:StartLiveTail']}});
		const {report, events} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(watchOf(events)).toEqual([{type: 'log-watch', via: 'polling', reason: 'Live Tail is not allowed (logs:StartLiveTail)'}]);
		const lines = linesOf(events);
		// Each line once, though every look reads the streams again.
		expect(lines.map(line => line.message)).toEqual(['grafana: listening on :3000']);
		const polls = world.simulator.calls.filter(call => call.action === 'logs:FilterLogEvents' && call.input?.filterPattern === '');
		expect(polls.length).toBeGreaterThan(1);
		expect(polls[0]!.input!.logStreamNames).toEqual([`ecs/grafana/${lines[0]!.taskId}`]);
	});

	it('are left out, without failing the fix, when the logs cannot be read at all', async () => {
		const world = await fixWorld('seed-fargate', {faults: {deny: ['logs:StartLiveTail']}});
		world.simulator.faults.unavailable.push('logs:FilterLogEvents');
		const {report, events} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(watchOf(events).map(event => event.via)).toEqual(['polling', 'off']);
		expect(linesOf(events)).toEqual([]);
		expect(report.steps.every(step => step.status === 'done')).toBe(true);
	});

	it('follow both App Runner log groups, the service’s events and the application’s lines', async () => {
		const world = await fixWorld('seed-apprunner', {target: {kind: 'apprunner-service', name: 'grafana'}});
		const {report, events} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(watchOf(events)).toEqual([{type: 'log-watch', via: 'live-tail'}]);
		const messages = linesOf(events).map(line => line.message);
		expect(messages.some(message => /^\[AppRunner\] Deployment with ID : \S+ was successful\.$/.test(message))).toBe(true);
		expect(messages).toContain('listening on :3000');
	});
});
