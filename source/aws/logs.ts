import {GetQueryResultsCommand, paginateFilterLogEvents, StartQueryCommand, StopQueryCommand, type CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import type {Clock} from '../clock.js';
import type {LogFilter, LogHit, LogQuery} from '../ports/account.js';

/** Follows every nextToken: FilterLogEvents pages can be empty and still carry one. */
export async function filterLogEvents(client: CloudWatchLogsClient, filter: LogFilter): Promise<LogHit[]> {
	const hits: LogHit[] = [];
	const input = {
		logGroupName: filter.logGroupName,
		filterPattern: filter.filterPattern,
		startTime: filter.start.getTime(),
		endTime: filter.end.getTime(),
		...(filter.logStreamNames ? {logStreamNames: [...filter.logStreamNames]} : {}),
		...(filter.logStreamNamePrefix ? {logStreamNamePrefix: filter.logStreamNamePrefix} : {}),
	};
	for await (const page of paginateFilterLogEvents({client, pageSize: 10_000}, input)) {
		for (const event of page.events ?? []) {
			hits.push({logGroup: filter.logGroupName, logStream: event.logStreamName ?? '', timestamp: event.timestamp ?? 0, message: event.message ?? ''});
		}
	}
	return hits;
}

/** Logs Insights prints `@timestamp` as `2026-11-24 07:00:00.000` in UTC. */
export function parseInsightsTimestamp(value: string): number {
	return Date.parse(`${value.replace(' ', 'T')}Z`);
}

// A small Logs Insights query completes in a few hundred milliseconds, a large one in seconds:
// polling sooner than 400 ms only adds calls, later only adds waiting.
const pollDelays = [400, 400, 600, 1000];

export async function queryLogs(client: CloudWatchLogsClient, query: LogQuery, timeoutMs: number, clock: Clock, signal?: AbortSignal): Promise<LogHit[]> {
	let queryString = query.queryString;
	if (query.namePrefixes) {
		const prefixes = query.namePrefixes.map(prefix => `'${prefix.replace(/'/g, "\\'")}'`).join(', ');
		queryString = `SOURCE logGroups(namePrefix: [${prefixes}]) | ${queryString}`;
	}
	const {queryId} = await client.send(
		new StartQueryCommand({
			queryString,
			startTime: Math.floor(query.start.getTime() / 1000),
			endTime: Math.ceil(query.end.getTime() / 1000),
			limit: query.limit,
			...(query.logGroupNames ? {logGroupNames: [...query.logGroupNames]} : {}),
		}),
	);
	const getResults = (nextToken?: string) =>
		// maxItems at its maximum: one page holds every row the query may return.
		client.send(new GetQueryResultsCommand({queryId, maxItems: 10_000, ...(nextToken ? {nextToken} : {})})).catch((error: unknown) => {
			throw Object.assign(error as object, {$action: 'logs:GetQueryResults'});
		});
	const deadline = clock.now() + timeoutMs;
	for (let attempt = 0; ; attempt++) {
		// A scan past its deadline stops polling too.
		await clock.sleep(pollDelays[Math.min(attempt, pollDelays.length - 1)]!, signal);
		const output = await getResults();
		if (output.status === 'Complete') {
			// A complete query's results come in pages too: follow every nextToken.
			const rows = [...(output.results ?? [])];
			for (let token = output.nextToken; token;) {
				const next = await getResults(token);
				rows.push(...(next.results ?? []));
				token = next.nextToken;
			}
			return rows.map(row => {
				const field = (name: string) => row.find(item => item.field === name)?.value ?? '';
				const log = field('@log');
				const colon = log.indexOf(':');
				const where = {
					...(colon > 0 ? {account: log.slice(0, colon)} : {}),
					logGroup: colon >= 0 ? log.slice(colon + 1) : log,
					logStream: field('@logStream'),
				};
				// A `stats … by @log, @logStream` row: one stream's lines, counted, with the latest message.
				if (row.some(item => item.field === 'lines')) {
					return {
						...where,
						timestamp: parseInsightsTimestamp(field('last')),
						firstTimestamp: parseInsightsTimestamp(field('first')),
						count: Number(field('lines')),
						message: field('message'),
					};
				}
				return {...where, timestamp: parseInsightsTimestamp(field('@timestamp')), message: field('@message')};
			});
		}
		if (output.status === 'Failed' || output.status === 'Cancelled' || output.status === 'Timeout' || output.status === 'Unknown') {
			throw Object.assign(new Error(`Logs Insights query ${queryId} ended with status ${output.status}`), {name: 'QueryFailed'});
		}
		if (clock.now() > deadline) {
			await client.send(new StopQueryCommand({queryId})).catch(() => undefined);
			throw Object.assign(new Error(`Logs Insights query ${queryId} did not finish within ${Math.round(timeoutMs / 1000)} s`), {name: 'QueryTimeout'});
		}
	}
}
