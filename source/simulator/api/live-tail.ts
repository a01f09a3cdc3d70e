/**
 * StartLiveTail as CloudWatch Logs streams it: an `application/vnd.amazon.eventstream` answer
 * with one `sessionStart`, then a `sessionUpdate` every tick (about a second) holding the events
 * that arrived since, until the client goes away.
 */
import type {ServerResponse} from 'node:http';
import type {SimAccount} from '../account.js';
import {SimError, invalidParameter} from '../errors.js';
import {compileFilterPattern} from '../log-queries.js';
import {eventMessage as message} from '../event-stream.js';
import type {SimLogGroup} from '../model.js';

const maxGroups = 10;
/** AWS sends at most 500 events an update and samples the rest. */
const maxEventsPerUpdate = 500;

export type LiveTailSession = {
	readonly sessionId: string;
	readonly groups: readonly {readonly arn: string; readonly group: SimLogGroup}[];
	readonly streamNames?: readonly string[];
	readonly streamPrefixes?: readonly string[];
	readonly matches: (message: string) => boolean;
	readonly startedAt: number;
};

/** Checks the request as AWS does: ARNs only (no names, no trailing `:*`), at most 10, streams only with one group. */
export function openLiveTail(account: SimAccount, input: Record<string, unknown>, now: number): LiveTailSession {
	const identifiers = input.logGroupIdentifiers;
	if (!Array.isArray(identifiers) || identifiers.length < 1 || identifiers.length > maxGroups)
		throw invalidParameter(`logGroupIdentifiers must hold between 1 and ${maxGroups} log group ARNs.`);
	const names = input.logStreamNames as string[] | undefined;
	const prefixes = input.logStreamNamePrefixes as string[] | undefined;
	if (names !== undefined && prefixes !== undefined) throw invalidParameter('logStreamNames and logStreamNamePrefixes are mutually exclusive.');
	if ((names !== undefined || prefixes !== undefined) && identifiers.length !== 1)
		throw invalidParameter('logStreamNames and logStreamNamePrefixes can only be given with a single log group.');
	const groups = identifiers.map(identifier => {
		const arn = String(identifier);
		if (!arn.startsWith('arn:') || arn.endsWith(':*'))
			throw invalidParameter(`${arn} is not a log group ARN: Live Tail takes ARNs without the trailing :* (logGroupArn).`);
		const group = account.logGroups.get(arn.split(':log-group:')[1] ?? '');
		if (!group || group.arn !== arn) throw new SimError('ResourceNotFoundException', `The specified log group does not exist: ${arn}`);
		return {arn, group};
	});
	return {
		sessionId: account.newUuid(),
		groups,
		...(names ? {streamNames: names} : {}),
		...(prefixes ? {streamPrefixes: prefixes} : {}),
		matches: compileFilterPattern(input.logEventFilterPattern as string | undefined),
		startedAt: now,
	};
}

/**
 * Streams the session to `response`. Events are sent once their time has come (the account's
 * clock): on every tick, and as soon as the account advances, so a test clock sees them too.
 */
export function streamLiveTail(
	account: SimAccount,
	session: LiveTailSession,
	response: ServerResponse,
	options: {readonly tickMs: number; readonly requestId: string; readonly dress: (payload: unknown) => unknown},
): void {
	const sent = new Set<string>();
	response.writeHead(200, {'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': options.requestId});
	response.write(
		message('sessionStart', {requestId: options.requestId, sessionId: session.sessionId, logGroupIdentifiers: session.groups.map(item => item.arn)}),
	);
	const update = (now: number, always: boolean) => {
		const results = session.groups.flatMap(({arn, group}) =>
			[...group.streams.values()]
				.filter(stream => !session.streamNames || session.streamNames.includes(stream.name))
				.filter(stream => !session.streamPrefixes || session.streamPrefixes.some(prefix => stream.name.startsWith(prefix)))
				.flatMap(stream =>
					stream.events
						.map((event, index) => ({event, key: `${arn}|${stream.name}|${index}`}))
						.filter(({event, key}) => event.timestamp >= session.startedAt && event.timestamp <= now && !sent.has(key) && session.matches(event.message))
						.map(({event, key}) => {
							sent.add(key);
							return {
								logStreamName: stream.name,
								logGroupIdentifier: arn,
								message: event.message,
								timestamp: event.timestamp,
								ingestionTime: event.ingestionTime,
							};
						}),
				),
		);
		if (results.length === 0 && !always) return;
		results.sort((a, b) => a.timestamp - b.timestamp);
		const sampled = results.length > maxEventsPerUpdate;
		response.write(message('sessionUpdate', options.dress({sessionMetadata: {sampled}, sessionResults: results.slice(-maxEventsPerUpdate)})));
	};
	const hook = (now: number) => update(now, false);
	account.advanceHooks.push(hook);
	const timer = setInterval(() => update(account.now(), true), options.tickMs);
	response.on('close', () => {
		clearInterval(timer);
		account.advanceHooks.splice(account.advanceHooks.indexOf(hook), 1);
	});
}
