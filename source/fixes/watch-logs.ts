/**
 * The new tasks' log lines while a fix is verified, so the user sees the container start or
 * fail: CloudWatch Logs Live Tail where it is allowed, else FilterLogEvents at every look.
 * Watching is a view, never a verdict: when neither works, the verification goes on without it.
 */
import type {AccountPort, LogHit} from '../ports/account.js';
import {isAwsError, describeFatalError} from '../errors.js';
import type {Clock} from '../clock.js';

export type LiveLogLine = {
	readonly time: string;
	readonly logGroup: string;
	readonly logStream: string;
	/** ECS: the task and container the awslogs stream name `prefix/container/task-id` names. */
	readonly taskId?: string;
	readonly container?: string;
	readonly message: string;
};

export type LogWatchEvent =
	| {readonly type: 'log-watch'; readonly via: 'live-tail' | 'polling' | 'off'; readonly reason?: string}
	| {readonly type: 'log-line'; readonly line: LiveLogLine};

/** A log group to watch: ECS names the streams of its containers by prefix, App Runner watches the whole group. */
export type LogSource = {
	readonly logGroup: string;
	readonly logGroupArn: string;
	/** `prefix/container/`: a stream is `prefix/container/<task id>`. */
	readonly streamPrefix?: string;
	readonly container?: string;
};

/** Which tasks' lines to show: ECS passes the deployment's task ids, App Runner every line. */
export type Wanted = readonly string[] | 'all';

const liveTailGroupLimit = 10;
/** FilterLogEvents takes at most 100 stream names a call. */
const streamNameLimit = 100;
/** Polling rereads a minute back, so a line ingested late is not missed; repeats are dropped. */
const pollOverlapMs = 60_000;
const pendingLimit = 2000;

/** `arn:aws:ecs:ap-northeast-1:123456789012:service/…` and a group name to the group's ARN, without `:*`. */
export function logGroupArnFor(resourceArn: string, logGroup: string): string {
	const [arn, partition, , region, account] = resourceArn.split(':');
	return `${arn}:${partition}:logs:${region}:${account}:log-group:${logGroup}`;
}

/** The source a line is from: its group, and its container's streams where the source names them. */
function sourceOf(hit: LogHit, sources: readonly LogSource[]): LogSource | undefined {
	return sources.find(source => source.logGroup === hit.logGroup && (!source.streamPrefix || hit.logStream.startsWith(source.streamPrefix)));
}

function lineOf(hit: LogHit, source: LogSource): LiveLogLine {
	const taskId = source.streamPrefix ? hit.logStream.slice(source.streamPrefix.length) : undefined;
	return {
		time: new Date(hit.timestamp).toISOString(),
		logGroup: hit.logGroup,
		logStream: hit.logStream,
		...(taskId ? {taskId} : {}),
		...(source.container ? {container: source.container} : {}),
		message: hit.message,
	};
}

export class LogWatch {
	private mode: 'new' | 'live-tail' | 'polling' | 'off' = 'new';
	private sources: readonly LogSource[] = [];
	private readonly pending: LiveLogLine[] = [];
	private readonly seen = new Set<string>();
	private readonly abort = new AbortController();
	private newest = 0;

	constructor(
		private readonly account: AccountPort,
		private readonly options: {readonly since: Date; readonly clock: Clock; readonly onEvent: (event: LogWatchEvent) => void},
	) {}

	/** One look of the verification: shows the lines of the wanted tasks that arrived since the last. */
	async look(sources: readonly LogSource[], wanted: Wanted): Promise<void> {
		if (sources.length === 0 || this.mode === 'off') return;
		if (this.mode === 'new') await this.begin(sources);
		if (this.mode === 'polling') await this.poll(wanted);
		this.flush(wanted);
	}

	/**
	 * The last look: Live Tail delivers about once a second, so what the tasks logged just before
	 * the verification ended may not have arrived. One FilterLogEvents read catches it up.
	 */
	async finish(wanted: Wanted): Promise<void> {
		this.abort.abort();
		if (this.mode === 'live-tail') await this.poll(wanted);
		if (this.mode !== 'off') this.flush(wanted);
	}

	stop(): void {
		this.abort.abort();
	}

	private switchTo(mode: 'polling' | 'off', reason: string): void {
		this.mode = mode;
		this.options.onEvent({type: 'log-watch', via: mode, reason});
	}

	private async begin(sources: readonly LogSource[]): Promise<void> {
		this.sources = sources;
		const tailed = sources.slice(0, liveTailGroupLimit);
		const groups = [...new Set(tailed.map(source => source.logGroupArn))];
		const prefixes = groups.length === 1 && tailed.every(source => source.streamPrefix) ? tailed.map(source => source.streamPrefix!) : undefined;
		try {
			const batches = await this.account.tailLogs({logGroupArns: groups, ...(prefixes ? {logStreamNamePrefixes: prefixes} : {}), signal: this.abort.signal});
			this.mode = 'live-tail';
			this.options.onEvent({type: 'log-watch', via: 'live-tail'});
			void this.consume(batches);
		} catch (error) {
			this.switchTo(
				'polling',
				`Live Tail ${isAwsError(error, 'access-denied') ? `is not allowed (${error.action})` : `failed (${describeFatalError(error)})`}`,
			);
		}
	}

	private async consume(batches: AsyncIterable<LogHit[]>): Promise<void> {
		try {
			for await (const batch of batches) this.take(batch);
		} catch (error) {
			if (!this.abort.signal.aborted && this.mode === 'live-tail') this.switchTo('polling', `Live Tail ended (${describeFatalError(error)})`);
		}
	}

	private take(hits: readonly LogHit[]): void {
		for (const hit of hits) {
			const key = `${hit.logGroup}|${hit.logStream}|${hit.timestamp}|${hit.message}`;
			if (this.seen.has(key)) continue;
			this.seen.add(key);
			this.newest = Math.max(this.newest, hit.timestamp);
			const source = sourceOf(hit, this.sources);
			if (source) this.pending.push(lineOf(hit, source));
		}
		if (this.pending.length > pendingLimit) this.pending.splice(0, this.pending.length - pendingLimit);
	}

	/** Lines of tasks not known yet wait for a later look: a task's lines may arrive before the look that lists it. */
	private flush(wanted: Wanted): void {
		const keep: LiveLogLine[] = [];
		for (const line of this.pending.sort((a, b) => a.time.localeCompare(b.time))) {
			if (wanted === 'all' || (line.taskId !== undefined && wanted.includes(line.taskId))) this.options.onEvent({type: 'log-line', line});
			else keep.push(line);
		}
		this.pending.splice(0, this.pending.length, ...keep);
	}

	private async poll(wanted: Wanted): Promise<void> {
		const start = new Date(Math.max(this.options.since.getTime(), this.newest - pollOverlapMs));
		const end = new Date(this.options.clock.now());
		for (const logGroup of new Set(this.sources.map(source => source.logGroup))) {
			const sources = this.sources.filter(source => source.logGroup === logGroup);
			const streams =
				wanted === 'all' || sources.some(source => !source.streamPrefix)
					? undefined
					: sources.flatMap(source => wanted.map(id => `${source.streamPrefix}${id}`)).slice(0, streamNameLimit);
			if (streams && streams.length === 0) continue;
			try {
				this.take(await this.account.filterLogEvents({logGroupName: logGroup, filterPattern: '', start, end, ...(streams ? {logStreamNames: streams} : {})}));
			} catch (error) {
				// A group the tasks have not written to yet does not exist yet.
				if (isAwsError(error, 'not-found')) continue;
				this.switchTo('off', `their logs cannot be read (${describeFatalError(error)})`);
				return;
			}
		}
	}
}
