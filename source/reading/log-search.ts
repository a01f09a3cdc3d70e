import pLimit from 'p-limit';
import {isAwsError} from '../errors.js';
import type {AccountPort, EcsTaskDefinition, LogHit} from '../ports/account.js';
import type {Progress} from './progress.js';
import {logSignature} from '../diagnosis/signatures.js';

/** Where ECS and App Runner log by convention; searched by prefix unless the scan is narrowed. */
export const breadthPrefixes: readonly string[] = ['/ecs/', '/aws/ecs/', '/aws/apprunner/'];

/** The signatures execdoctor diagnoses (`logSignature`), as one regular expression. */
const signaturePattern =
	'[Ee]xec format error|descriptor matching platform|descriptor for platform|no matching manifest|no match for platform|Runtime\\.InvalidEntrypoint|media type for the source image';

/** Rows one query may return; past it, the oldest streams are dropped, and the report says so. */
export const insightsRowLimit = 10_000;

/**
 * One row per stream and signature, not per line: a noisy service's thousands of lines are one row,
 * so an older incident in a quiet stream is never pushed past the row limit. It scans the same
 * bytes as a raw query (Insights bills what it scans). `latest` and `min`/`max` keep the newest
 * message and the first and last time.
 */
export const insightsQueryString = [
	'fields @timestamp, @log, @logStream, @message',
	`filter @message like /${signaturePattern}/`,
	// `xec`, not `[Ee]xec`: runc's `exec` and a shell's `Exec` are one kind of line, counted in one row.
	`parse @message /(?<signature>${signaturePattern.replace('[Ee]xec', 'xec')})/`,
	'stats count(*) as lines, min(@timestamp) as first, max(@timestamp) as last, latest(@message) as message by @log, @logStream, signature',
	'sort last desc',
	`limit ${insightsRowLimit}`,
].join(' | ');

/** Filter patterns are case-sensitive: runc says `exec`, shells say `Exec`. */
export const execFormatFilterPattern = '?"exec format error" ?"Exec format error"';

/** Every signature, for FilterLogEvents when Insights cannot be used. */
export const signatureFilterPattern = [
	'exec format error',
	'Exec format error',
	'descriptor matching platform',
	'descriptor for platform',
	'no matching manifest',
	'no match for platform',
	'Runtime.InvalidEntrypoint',
	'media type for the source image',
]
	.map(term => `?"${term}"`)
	.join(' ');

export type LogTarget = {readonly group: string; readonly streamPrefix?: string};

/** The awslogs groups (and stream prefixes) the task definitions write to. */
export function logTargetsOf(definitions: Iterable<EcsTaskDefinition>): LogTarget[] {
	const targets: LogTarget[] = [];
	for (const definition of definitions) {
		for (const container of definition.containers) {
			const options = container.logConfiguration?.driver === 'awslogs' ? container.logConfiguration.options : undefined;
			const group = options?.['awslogs-group'];
			if (group) targets.push({group, ...(options?.['awslogs-stream-prefix'] ? {streamPrefix: options['awslogs-stream-prefix']} : {})});
		}
	}
	return targets;
}

export type LogSearchResult = {
	readonly hits: readonly LogHit[];
	readonly strategy: 'insights' | 'filter' | 'mixed' | 'none';
	readonly groupsSearched: number;
	readonly prefixes: readonly string[];
};

function chunks<T>(items: readonly T[], size: number): T[][] {
	const result: T[][] = [];
	for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
	return result;
}

/**
 * One hit per stream and signature, as the Insights query gives them: FilterLogEvents' single
 * lines are counted into it, and the same stream found by two searches is merged (they saw the
 * same lines, so the larger count stands).
 */
export function mergeHits(hits: Iterable<LogHit>): LogHit[] {
	const merged = new Map<string, LogHit>();
	const singles = new Map<string, Map<string, LogHit>>();
	for (const hit of hits) {
		const key = `${hit.logGroup}|${hit.logStream}|${logSignature(hit.message) ?? ''}`;
		if (hit.count === undefined) {
			const lines = singles.get(key) ?? new Map<string, LogHit>();
			lines.set(`${hit.timestamp}|${hit.message}`, hit);
			singles.set(key, lines);
			continue;
		}
		merged.set(key, combine(merged.get(key), hit));
	}
	for (const [key, lines] of singles) {
		const sorted = [...lines.values()].sort((a, b) => a.timestamp - b.timestamp);
		const summary: LogHit = {...sorted.at(-1)!, firstTimestamp: sorted[0]!.timestamp, count: sorted.length};
		merged.set(key, combine(merged.get(key), summary));
	}
	return [...merged.values()].sort((a, b) => b.timestamp - a.timestamp);
}

function combine(existing: LogHit | undefined, hit: LogHit): LogHit {
	if (!existing) return hit;
	const latest = hit.timestamp >= existing.timestamp ? hit : existing;
	return {
		...latest,
		firstTimestamp: Math.min(existing.firstTimestamp ?? existing.timestamp, hit.firstTimestamp ?? hit.timestamp),
		count: Math.max(existing.count ?? 1, hit.count ?? 1),
	};
}

/** How many matching lines the hits stand for. */
export function lineCount(hits: readonly LogHit[]): number {
	return hits.reduce((total, hit) => total + (hit.count ?? 1), 0);
}

type Window = {readonly start: Date; readonly end: Date};

/** Narrows FilterLogEvents to `prefix/` when every target of the group shares one awslogs prefix. */
function streamPrefixFor(group: string, targets: readonly LogTarget[]): string | undefined {
	const prefixes = new Set(targets.filter(target => target.group === group).map(target => target.streamPrefix));
	if (prefixes.size !== 1) return undefined;
	const [prefix] = prefixes;
	return prefix ? `${prefix}/` : undefined;
}

export class LogSearch {
	private insightsUsable = true;
	private usedInsights = false;
	private usedFilter = false;
	private readonly limitLogs: ReturnType<typeof pLimit>;

	constructor(
		private readonly port: AccountPort,
		private readonly window: Window,
		private readonly progress: Progress,
		concurrency: number,
	) {
		this.limitLogs = pLimit(concurrency);
	}

	get strategy(): LogSearchResult['strategy'] {
		if (this.usedInsights && this.usedFilter) return 'mixed';
		if (this.usedInsights) return 'insights';
		return this.usedFilter ? 'filter' : 'none';
	}

	/** FilterLogEvents on one group; a group that does not exist holds nothing. */
	async filterGroup(group: string, options: {streamNames?: readonly string[]; streamPrefix?: string} = {}): Promise<LogHit[]> {
		this.usedFilter = true;
		try {
			const hits = await this.limitLogs(() =>
				this.port.filterLogEvents({
					logGroupName: group,
					filterPattern: signatureFilterPattern,
					start: this.window.start,
					end: this.window.end,
					...(options.streamNames ? {logStreamNames: options.streamNames} : {}),
					...(options.streamPrefix ? {logStreamNamePrefix: options.streamPrefix} : {}),
				}),
			);
			return hits.filter(hit => logSignature(hit.message));
		} catch (error) {
			if (isAwsError(error, 'not-found')) return [];
			this.progress.tolerate(error, `Searching log group ${group}`);
			return [];
		}
	}

	/** The fast path: the streams of tasks we already know failed. */
	async searchKnownStreams(streamsByGroup: ReadonlyMap<string, readonly string[]>): Promise<LogHit[]> {
		const calls = [...streamsByGroup].flatMap(([group, streams]) =>
			chunks([...new Set(streams)], 100).map(batch => this.filterGroup(group, {streamNames: batch})),
		);
		return (await Promise.all(calls)).flat();
	}

	private async query(query: {logGroupNames?: readonly string[]; namePrefixes?: readonly string[]}): Promise<LogHit[] | 'fallback'> {
		if (!this.insightsUsable) return 'fallback';
		try {
			const hits = await this.limitLogs(() =>
				this.port.queryLogs({...query, queryString: insightsQueryString, start: this.window.start, end: this.window.end, limit: insightsRowLimit}),
			);
			this.usedInsights = true;
			if (hits.length >= insightsRowLimit) {
				const where = query.namePrefixes ? `log groups under ${query.namePrefixes.join(', ')}` : `${query.logGroupNames?.length ?? 0} log groups`;
				this.progress.warn({
					code: 'row-limit',
					action: 'logs:StartQuery',
					message: `Logs Insights returned its limit of ${insightsRowLimit} failing streams in ${where}: older ones are not in this report. Scan a shorter window (--since) or one cluster or service.`,
				});
			}
			return hits.filter(hit => logSignature(hit.message));
		} catch (error) {
			if (!isAwsError(error)) throw error;
			if (error.kind === 'credentials' || error.kind === 'region') throw error;
			if (error.kind === 'not-found' || error.kind === 'invalid-input') return 'fallback';
			this.insightsUsable = false;
			this.progress.warn({
				code: error.kind === 'access-denied' ? 'access-denied' : 'insights-unavailable',
				action: error.action,
				message:
					error.kind === 'access-denied'
						? `Logs Insights is not allowed (${error.action}); searched each log group with FilterLogEvents instead, which is slower.`
						: `Logs Insights failed (${error.message}); searched each log group with FilterLogEvents instead.`,
			});
			return 'fallback';
		}
	}

	/** Starts the Logs Insights query over the convention prefixes; it needs no inventory, so it runs first. */
	startBreadth(prefixes: readonly string[]): Promise<LogHit[] | 'fallback'> | undefined {
		return prefixes.length > 0 ? this.query({namePrefixes: prefixes}) : undefined;
	}

	/**
	 * The broad search: the breadth query (if started) plus the groups the workloads name
	 * outside those prefixes, 50 to a Logs Insights query, falling back to FilterLogEvents.
	 */
	async search(targets: readonly LogTarget[], prefixes: readonly string[], breadth?: Promise<LogHit[] | 'fallback'>): Promise<LogSearchResult> {
		const groups = [...new Set(targets.map(target => target.group))].sort();
		const explicit = groups.filter(group => !prefixes.some(prefix => group.startsWith(prefix)));
		const covered = groups.filter(group => !explicit.includes(group));
		const filterEach = async (batch: readonly string[]) =>
			(await Promise.all(batch.map(group => this.filterGroup(group, withPrefix(streamPrefixFor(group, targets)))))).flat();
		const work: Promise<LogHit[]>[] = [];
		if (breadth) {
			work.push(
				breadth.then(async outcome => {
					if (outcome !== 'fallback') return outcome;
					this.progress.warn({code: 'breadth-skipped', message: `Log groups under ${prefixes.join(', ')} that no workload names were not searched.`});
					return filterEach(covered);
				}),
			);
		}
		for (const batch of chunks(explicit, 50)) {
			work.push(this.query({logGroupNames: batch}).then(outcome => (outcome === 'fallback' ? filterEach(batch) : outcome)));
		}
		const hits = (await Promise.all(work)).flat();
		return {hits: mergeHits(hits), strategy: this.strategy, groupsSearched: groups.length, prefixes};
	}
}

function withPrefix(streamPrefix: string | undefined): {streamPrefix?: string} {
	return streamPrefix ? {streamPrefix} : {};
}
