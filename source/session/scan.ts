import {parseSince} from '../since.js';
import type {ScanEvent} from '../diagnosis/events.js';
import {scan} from '../reading/scan.js';
import type {ScanScope} from '../diagnosis/scope.js';
import type {ScanReport} from '../diagnosis/types.js';
import type {Session} from './session.js';
import {scanSpread} from './scan-spread.js';

/** The flags that choose what a scan looks at. */
export type ScanRequest = {
	readonly since: string;
	readonly cluster?: string;
	readonly service?: string;
	readonly appRunnerService?: string;
	readonly lambdaFunction?: string;
};

export function scopeFrom(request: ScanRequest, now: Date): ScanScope {
	return {
		since: parseSince(request.since, now),
		until: now,
		...(request.cluster ? {cluster: request.cluster} : {}),
		...(request.service ? {service: request.service} : {}),
		...(request.appRunnerService ? {appRunnerService: request.appRunnerService} : {}),
		...(request.lambdaFunction ? {lambdaFunction: request.lambdaFunction} : {}),
	};
}

/** One scan of the session's account: what `scan`, `demo`, the app and `learn` all run. */
export async function scanSession(session: Session, request: ScanRequest, onEvent?: (event: ScanEvent) => void): Promise<ScanReport> {
	const connection = await session.connect();
	if (session.spread) return scanSpread(session, connection, scopeFrom(request, new Date(session.clock.now())), onEvent);
	const {account, probeHost} = connection;
	return scan(scopeFrom(request, new Date(session.clock.now())), {
		account,
		probeHost,
		...(session.profile ? {profile: session.profile} : {}),
		...(onEvent ? {onEvent} : {}),
		budgetMs: session.scanBudgetMs,
		layerBytes: session.layerBytes,
		regionPort: region => connection.accountIn({region}),
	});
}
