import type {Io} from '../io.js';
import type {Options} from '../options.js';
import {sessionFromOptions} from '../session/from-options.js';

/** The MCP server on stdio, until the client closes it. */
export async function runMcpCommand(options: Options, io: Io): Promise<number> {
	const [{serveMcp}, session] = [await import('../mcp/server.js'), sessionFromOptions(options, io.env)];
	try {
		await serveMcp(session, {allowFix: options.allowFix === true});
		return 0;
	} finally {
		await session.close();
	}
}
