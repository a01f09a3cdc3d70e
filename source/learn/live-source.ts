import type {Session} from '../session/session.js';
import {runLiveBlock, type LiveContext} from './live.js';

/** What the walkthrough's live blocks run against: the session's account, seen from its host. */
export function liveContext(session: Session): () => Promise<LiveContext> {
	let context: Promise<LiveContext> | undefined;
	return () => {
		context ??= session.connect().then(async ({account, probeHost}) => ({port: account, host: await probeHost(), now: new Date(session.clock.now())}));
		// A failed connection is tried again by the next block.
		context.catch(() => (context = undefined));
		return context;
	};
}

/** Runs one live block by name; a failure to connect becomes its output. */
export function liveRunner(session: Session): (name: string) => Promise<string> {
	const context = liveContext(session);
	return async name => {
		try {
			return await runLiveBlock(name, await context());
		} catch (error) {
			return `Could not reach the account: ${error instanceof Error ? error.message : String(error)}`;
		}
	};
}
