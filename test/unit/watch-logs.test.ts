import {describe, expect, it} from 'vitest';
import {AwsError} from '../../source/errors.js';
import {logGroupArnFor, LogWatch, type LogWatchEvent} from '../../source/fixes/watch-logs.js';
import type {AccountPort, LiveTailRequest, LogHit} from '../../source/ports/account.js';

const source = {logGroup: '/ecs/web', logGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/web', streamPrefix: 'ecs/web/', container: 'web'};
const hit = (task: string, message: string, timestamp = 1000): LogHit => ({logGroup: '/ecs/web', logStream: `ecs/web/${task}`, timestamp, message});
const clock = {now: () => 5000, sleep: async () => undefined};

/** A Live Tail the test feeds batch by batch. */
function tailingPort() {
	const queue: LogHit[][] = [];
	let wake: (() => void) | undefined;
	const requests: LiveTailRequest[] = [];
	const port = {
		async tailLogs(request: LiveTailRequest) {
			requests.push(request);
			return {
				async *[Symbol.asyncIterator]() {
					while (!request.signal.aborted) {
						if (queue.length > 0) yield queue.shift()!;
						else await new Promise<void>(resolve => (wake = resolve));
					}
				},
			};
		},
		filterLogEvents: async () => [],
	} as unknown as AccountPort;
	const send = async (batch: LogHit[]) => {
		queue.push(batch);
		wake?.();
		await new Promise(resolve => setImmediate(resolve));
	};
	return {port, requests, send};
}

describe('watching the new tasks’ logs', () => {
	it('names a group’s ARN from the workload’s, in its partition, region and account', () => {
		expect(logGroupArnFor('arn:aws-cn:ecs:cn-north-1:111122223333:service/c/web', '/ecs/web')).toBe(
			'arn:aws-cn:logs:cn-north-1:111122223333:log-group:/ecs/web',
		);
	});

	it('holds a line of a task no look has listed yet, and shows it once a look lists the task', async () => {
		const {port, requests, send} = tailingPort();
		const events: LogWatchEvent[] = [];
		const watch = new LogWatch(port, {since: new Date(0), clock, onEvent: event => events.push(event)});
		await watch.look([source], []);
		expect(requests[0]).toMatchObject({logGroupArns: [source.logGroupArn], logStreamNamePrefixes: ['ecs/web/']});
		await send([hit('new1', 'starting'), hit('old9', 'a line of an old task')]);
		await watch.look([source], []);
		expect(events.filter(event => event.type === 'log-line')).toEqual([]);
		await watch.look([source], ['new1']);
		expect(events.filter(event => event.type === 'log-line').map(event => event.type === 'log-line' && event.line)).toEqual([
			{time: '1970-01-01T00:00:01.000Z', logGroup: '/ecs/web', logStream: 'ecs/web/new1', taskId: 'new1', container: 'web', message: 'starting'},
		]);
		watch.stop();
	});

	it('polls with FilterLogEvents when Live Tail is denied, once a minute back from the newest line, each line once', async () => {
		const filters: {start: number; logStreamNames?: readonly string[]}[] = [];
		const port = {
			tailLogs: async () => {
				throw new AwsError('access-denied', 'logs:StartLiveTail', 'denied');
			},
			filterLogEvents: async (filter: {start: Date; logStreamNames?: readonly string[]}) => {
				filters.push({start: filter.start.getTime(), ...(filter.logStreamNames ? {logStreamNames: filter.logStreamNames} : {})});
				return [hit('t1', 'up', 90_000)];
			},
		} as unknown as AccountPort;
		const events: LogWatchEvent[] = [];
		const watch = new LogWatch(port, {since: new Date(1000), clock, onEvent: event => events.push(event)});
		await watch.look([source], ['t1']);
		await watch.look([source], ['t1']);
		expect(events).toEqual([
			{type: 'log-watch', via: 'polling', reason: 'Live Tail is not allowed (logs:StartLiveTail)'},
			{type: 'log-line', line: expect.objectContaining({message: 'up', taskId: 't1'})},
		]);
		expect(filters).toEqual([
			{start: 1000, logStreamNames: ['ecs/web/t1']},
			{start: 30_000, logStreamNames: ['ecs/web/t1']},
		]);
	});
});
