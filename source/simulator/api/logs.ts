import type {SimAccount} from '../account.js';
import {SimError, invalidParameter} from '../errors.js';
import {compileFilterPattern, evaluateInsightsQuery, insightsTime, parseInsightsQuery, type QueryEvent} from '../log-queries.js';
import type {SimLogGroup} from '../model.js';
import {decodeToken, encodeToken, page} from '../pagination.js';
import {compact, type Handler} from './context.js';

const groupNotFound = () => new SimError('ResourceNotFoundException', 'The specified log group does not exist.');

/** Names or ARNs (with or without the trailing `:*`) to the group they name. */
function resolveGroup(account: SimAccount, identifier: string): SimLogGroup | undefined {
	const name = identifier.startsWith('arn:') ? identifier.replace(/:\*$/, '').split(':log-group:')[1] : identifier;
	return name === undefined ? undefined : account.logGroups.get(name);
}

function groupShape(group: SimLogGroup) {
	return {
		logGroupName: group.name,
		arn: `${group.arn}:*`,
		logGroupArn: group.arn,
		creationTime: group.createdAt,
		storedBytes: [...group.streams.values()].reduce((sum, stream) => sum + stream.events.reduce((bytes, event) => bytes + event.message.length, 0), 0),
		metricFilterCount: 0,
		logGroupClass: 'STANDARD',
	};
}

/** How many streams one FilterLogEvents page examines: pages can come back empty with a nextToken. */
const streamsPerFilterPage = 2;
const maxRunningQueries = 100;

export const logsHandlers: Record<string, Handler> = {
	DescribeLogGroups(account, input, context) {
		if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
			throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
		}
		const groups = [...account.logGroups.values()]
			.filter(group => input.logGroupNamePrefix === undefined || group.name.startsWith(String(input.logGroupNamePrefix)))
			.filter(group => input.logGroupNamePattern === undefined || group.name.includes(String(input.logGroupNamePattern)))
			.sort((a, b) => a.name.localeCompare(b.name));
		const result = page(groups, {
			token: input.nextToken,
			maxResults: input.limit,
			defaultMax: 50,
			limit: 50,
			pageSize: context.pageSize,
			scope: `groups:${input.logGroupNamePrefix ?? ''}`,
		});
		return compact({logGroups: result.items.map(groupShape), nextToken: result.nextToken});
	},

	FilterLogEvents(account, input, context) {
		if ((input.logGroupName === undefined) === (input.logGroupIdentifier === undefined)) {
			throw invalidParameter('Exactly one of logGroupName and logGroupIdentifier must be specified.');
		}
		if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
			throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive.');
		}
		if (Array.isArray(input.logStreamNames) && (input.logStreamNames.length < 1 || input.logStreamNames.length > 100)) {
			throw invalidParameter('logStreamNames must hold between 1 and 100 names.');
		}
		const limit = input.limit === undefined ? 10_000 : Number(input.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw invalidParameter('limit must be between 1 and 10000.');
		const group = resolveGroup(account, String(input.logGroupName ?? input.logGroupIdentifier));
		if (!group) throw groupNotFound();
		const matches = compileFilterPattern(input.filterPattern as string | undefined);
		const start = input.startTime === undefined ? 0 : Number(input.startTime);
		const end = Math.min(input.endTime === undefined ? Number.POSITIVE_INFINITY : Number(input.endTime), context.now);
		const names = input.logStreamNames as string[] | undefined;
		const streams = [...group.streams.values()]
			.filter(stream => !names || names.includes(stream.name))
			.filter(stream => input.logStreamNamePrefix === undefined || stream.name.startsWith(String(input.logStreamNamePrefix)))
			.sort((a, b) => a.name.localeCompare(b.name));
		const scope = `filter:${group.name}:${JSON.stringify(names ?? input.logStreamNamePrefix ?? '')}:${input.filterPattern ?? ''}`;
		const offset = decodeToken(input.nextToken, scope);
		const examined = streams.slice(offset, offset + streamsPerFilterPage);
		const events = examined
			.flatMap(stream =>
				stream.events
					.filter(event => event.timestamp >= start && event.timestamp <= end && matches(event.message))
					.map(event => ({
						logStreamName: stream.name,
						timestamp: event.timestamp,
						message: event.message,
						ingestionTime: event.ingestionTime,
						eventId: `${stream.name}:${event.timestamp}`,
					})),
			)
			.sort((a, b) => a.timestamp - b.timestamp)
			.slice(0, limit);
		const next = offset + examined.length;
		return compact({events, searchedLogStreams: [], nextToken: next < streams.length ? encodeToken(next, scope) : undefined});
	},

	StartQuery(account, input, context) {
		const sources = [input.logGroupName, input.logGroupNames, input.logGroupIdentifiers].filter(value => value !== undefined);
		const query = parseInsightsQuery(String(input.queryString ?? ''));
		if (sources.length > 1 || (sources.length === 1 && query.sourcePrefixes)) {
			throw invalidParameter('Specify exactly one of logGroupName, logGroupNames, logGroupIdentifiers or a SOURCE command.');
		}
		if (sources.length === 0 && !query.sourcePrefixes)
			throw invalidParameter('Specify exactly one of logGroupName, logGroupNames, logGroupIdentifiers or a SOURCE command.');
		const running = [...account.queries.values()].filter(candidate => candidate.completesAt > context.now && candidate.status !== 'Cancelled').length;
		if (running >= maxRunningQueries) throw new SimError('LimitExceededException', 'Account maximum query concurrency limit of [100] reached.');

		let groups: {group: SimLogGroup; owner: string}[];
		if (query.sourcePrefixes) {
			const prefixes = query.sourcePrefixes;
			// In a monitoring account, SOURCE covers the linked source accounts too (its own first).
			groups = [account, ...account.linkedSources].flatMap(owner =>
				[...owner.logGroups.values()]
					.filter(group => prefixes.length === 0 || prefixes.some(prefix => group.name.startsWith(prefix)))
					.map(group => ({group, owner: owner.accountId})),
			);
			if (groups.length > 10_000) throw invalidParameter('The SOURCE command matched more than 10000 log groups.');
		} else {
			const identifiers = [input.logGroupName ?? input.logGroupNames ?? input.logGroupIdentifiers].flat().map(String);
			if (identifiers.length > 50) throw invalidParameter('A query can name at most 50 log groups.');
			groups = identifiers.map(identifier => {
				const group = resolveGroup(account, identifier);
				if (!group) throw new SimError('ResourceNotFoundException', `Log group '${identifier}' does not exist for account ID '${account.accountId}'`);
				return {group, owner: account.accountId};
			});
		}
		const start = Number(input.startTime) * 1000;
		const end = Math.min(Number(input.endTime) * 1000, context.now);
		if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) throw invalidParameter('startTime must be before endTime.');
		let recordsScanned = 0;
		let bytesScanned = 0;
		const events: QueryEvent[] = groups.flatMap(({group, owner}) =>
			[...group.streams.values()].flatMap(stream =>
				stream.events
					.filter(event => {
						if (event.timestamp < start || event.timestamp > end) return false;
						recordsScanned++;
						bytesScanned += event.message.length;
						return query.filter ? query.filter.test(event.message) : true;
					})
					.map(event => ({
						timestamp: event.timestamp,
						fields: {
							'@timestamp': insightsTime(event.timestamp),
							'@message': event.message,
							'@log': `${owner}:${group.name}`,
							'@logStream': stream.name,
							'@ingestionTime': insightsTime(event.ingestionTime),
							'@ptr': Buffer.from(`${group.name}|${stream.name}|${event.timestamp}`).toString('base64'),
						},
					})),
			),
		);
		const rows = evaluateInsightsQuery(query, events, Number(input.limit ?? 10_000));
		const id = account.newUuid();
		account.queries.set(id, {
			id,
			startedAt: context.now,
			completesAt: context.now + account.timing.insightsMs,
			rows,
			recordsScanned,
			bytesScanned,
			status: 'Scheduled',
		});
		return {queryId: id};
	},

	GetQueryResults(account, input, context) {
		const query = account.queries.get(String(input.queryId));
		if (!query) throw new SimError('ResourceNotFoundException', 'The specified query does not exist.');
		if (query.status !== 'Cancelled')
			query.status = context.now >= query.completesAt ? 'Complete' : context.now >= query.startedAt + 50 ? 'Running' : 'Scheduled';
		const complete = query.status === 'Complete';
		// Results come in pages, like every list: a page of 4 × the simulator's page size (or maxItems, at most 10 000).
		const result = complete
			? page(query.rows, {
					token: input.nextToken,
					maxResults: input.maxItems,
					defaultMax: Math.min(10_000, context.pageSize * 4),
					limit: 10_000,
					pageSize: Number.POSITIVE_INFINITY,
					scope: `query:${query.id}`,
				})
			: {items: []};
		return compact({
			status: query.status,
			results: result.items,
			statistics: {
				recordsMatched: complete ? query.rows.length : 0,
				recordsScanned: complete ? query.recordsScanned : 0,
				bytesScanned: complete ? query.bytesScanned : 0,
			},
			nextToken: result.nextToken,
		});
	},

	StopQuery(account, input) {
		const query = account.queries.get(String(input.queryId));
		if (!query) throw new SimError('ResourceNotFoundException', 'The specified query does not exist.');
		const wasRunning = query.status !== 'Complete' && query.status !== 'Cancelled';
		if (wasRunning) query.status = 'Cancelled';
		return {success: wasRunning};
	},
};
