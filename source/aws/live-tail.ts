import {StartLiveTailCommand, type CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import type {LiveTailRequest, LogHit} from '../ports/account.js';

/**
 * The SDK sends StartLiveTail to `stream-` + the Logs host. An endpoint given by
 * AWS_ENDPOINT_URL (a proxy, a VPC endpoint, the built-in account) has no such name, and
 * then the call goes to the endpoint as given.
 */
function prefixedHostUnresolved(error: unknown): boolean {
	const {code, hostname} = (error ?? {}) as {code?: string; hostname?: string};
	return code === 'ENOTFOUND' && typeof hostname === 'string' && hostname.startsWith('stream-');
}

async function start(client: CloudWatchLogsClient, request: LiveTailRequest): Promise<AsyncIterable<LogHit[]>> {
	const output = await client.send(
		new StartLiveTailCommand({
			logGroupIdentifiers: [...request.logGroupArns],
			...(request.logStreamNamePrefixes ? {logStreamNamePrefixes: [...request.logStreamNamePrefixes]} : {}),
		}),
		{abortSignal: request.signal},
	);
	const stream = output.responseStream;
	return {
		async *[Symbol.asyncIterator]() {
			if (!stream) return;
			try {
				for await (const event of stream) {
					if (event.SessionTimeoutException || event.SessionStreamingException) return;
					const results = event.sessionUpdate?.sessionResults;
					if (!results) continue;
					yield results.map(result => ({
						logGroup: (result.logGroupIdentifier ?? '').replace(/^arn:.*:log-group:/, ''),
						logStream: result.logStreamName ?? '',
						timestamp: result.timestamp ?? 0,
						message: result.message ?? '',
					}));
				}
			} catch (error) {
				// Stopping the tail aborts the stream: that is its end, not a failure.
				if (request.signal.aborted) return;
				throw error;
			}
		},
	};
}

export async function tailLogs(
	clients: {logs: CloudWatchLogsClient; logsAsGiven: CloudWatchLogsClient},
	request: LiveTailRequest,
): Promise<AsyncIterable<LogHit[]>> {
	try {
		return await start(clients.logs, request);
	} catch (error) {
		if (prefixedHostUnresolved(error)) return start(clients.logsAsGiven, request);
		throw error;
	}
}
