/**
 * A scan of several regions and accounts: each target is scanned in parallel on its own port
 * (its own clients, so its own quotas and concurrency), and the reports are merged. A target
 * that cannot be scanned is a `scan-failed` warning; the run fails only when none could be.
 */
import {CannotRunError, isAwsError} from '../errors.js';
import type {ScanEvent, SourceName, SourceState} from '../diagnosis/events.js';
import {mergeReports, placeFinding, type ScanOutcome} from '../diagnosis/merge-reports.js';
import type {ScanScope} from '../diagnosis/scope.js';
import type {HostReport, ScanReport} from '../diagnosis/types.js';
import {scan} from '../reading/scan.js';
import {breadthPrefixes, insightsQueryString, insightsRowLimit} from '../reading/log-search.js';
import {logSignature} from '../diagnosis/signatures.js';
import type {Connection, ScanTarget, Session} from './session.js';

/** Where Lambda logs, beside the prefixes every broad scan searches: four of the five SOURCE allows. */
const monitoringPrefixes = [...breadthPrefixes, '/aws/lambda/'];

type Monitoring = {readonly account?: string; readonly region: string; readonly accountsWithHits: readonly string[]};

/**
 * From a monitoring account: one Logs Insights query per region over it and every linked source
 * account (`SOURCE logGroups(namePrefix: …)` covers them all; `@log` names the account), then a
 * scan of the monitoring account itself and of only the accounts whose logs have a hit.
 */
async function monitoredTargets(session: Session, connection: Connection, scope: ScanScope, monitored: Monitoring[]): Promise<ScanTarget[]> {
	const spread = session.spread!;
	const roleName = spread.monitoring!.roleName;
	const targets: ScanTarget[] = [];
	for (const region of spread.regions ? [...spread.regions] : [undefined]) {
		const port = await connection.accountIn(region ? {region} : {});
		const [identity, hits] = await Promise.all([
			port.identity(),
			port.queryLogs({namePrefixes: monitoringPrefixes, queryString: insightsQueryString, start: scope.since, end: scope.until, limit: insightsRowLimit}),
		]).catch((error: unknown) => {
			if (isAwsError(error, 'access-denied'))
				throw new CannotRunError(`--monitoring-account searches the linked accounts' logs with Logs Insights: this identity may not call ${error.action}.`);
			throw error;
		});
		const own = identity.account;
		const accounts = [
			...new Set(hits.filter(hit => logSignature(hit.message)).flatMap(hit => (hit.account && hit.account !== own ? [hit.account] : []))),
		].sort();
		monitored.push({...(own ? {account: own} : {}), region: port.region, accountsWithHits: accounts});
		targets.push(region ? {region} : {}, ...accounts.map(accountId => ({...(region ? {region} : {}), assume: {accountId, roleName}})));
	}
	return targets;
}

async function targetsOf(session: Session, connection: Connection): Promise<ScanTarget[]> {
	const spread = session.spread!;
	const profiles: (string | undefined)[] = spread.profiles ? [...spread.profiles] : [session.profile];
	const targets: ScanTarget[] = [];
	for (const profile of profiles) {
		let regions: (string | undefined)[];
		if (spread.allRegions) {
			try {
				regions = await connection.enabledRegions(profile);
			} catch (error) {
				if (isAwsError(error, 'access-denied'))
					throw new CannotRunError(`--all-regions needs account:ListRegions, which this identity may not call; name the regions with --region a,b,c.`);
				throw error;
			}
		} else regions = spread.regions ? [...spread.regions] : [undefined];
		for (const region of regions) {
			const place = {...(region ? {region} : {}), ...(profile ? {profile} : {})};
			if (spread.accounts) for (const accountId of spread.accounts.ids) targets.push({...place, assume: {accountId, roleName: spread.accounts.roleName}});
			else targets.push(place);
		}
	}
	return targets;
}

/** The sources' progress over every target: running while any runs, counts added. */
function combinedSources(onEvent: (event: ScanEvent) => void, targets: number) {
	const states = new Map<SourceName, Map<number, {state: SourceState; count: number}>>();
	return (index: number, event: Extract<ScanEvent, {type: 'source'}>) => {
		const perTarget = states.get(event.source) ?? new Map<number, {state: SourceState; count: number}>();
		perTarget.set(index, {state: event.state, count: event.count});
		states.set(event.source, perTarget);
		const all = [...perTarget.values()];
		const finished = all.filter(item => item.state !== 'running').length;
		const state: SourceState =
			all.length < targets || all.some(item => item.state === 'running')
				? 'running'
				: all.every(item => item.state === 'skipped')
					? 'skipped'
					: all.every(item => item.state === 'failed' || item.state === 'skipped')
						? 'failed'
						: 'done';
		onEvent({
			type: 'source',
			source: event.source,
			state,
			count: all.reduce((sum, item) => sum + item.count, 0),
			detail: `${finished} of ${targets} regions and accounts${event.detail && targets === 1 ? `; ${event.detail}` : ''}`,
		});
	};
}

export async function scanSpread(session: Session, connection: Connection, scope: ScanScope, onEvent?: (event: ScanEvent) => void): Promise<ScanReport> {
	const monitored: Monitoring[] = [];
	const targets = session.spread?.monitoring ? await monitoredTargets(session, connection, scope, monitored) : await targetsOf(session, connection);
	let host: Promise<HostReport> | undefined;
	const probeHost = () => (host ??= connection.probeHost());
	const sources = onEvent ? combinedSources(onEvent, targets.length) : undefined;
	// One image replicated to several regions is one config blob: read once for all the scans.
	const blobCache = new Map<string, Promise<Uint8Array>>();
	const outcomes = await Promise.all(
		targets.map(async (target, index): Promise<ScanOutcome> => {
			const label = {
				region: target.region ?? connection.account.region,
				...(target.assume ? {account: target.assume.accountId} : {}),
				...(target.profile ? {profile: target.profile} : {}),
			};
			try {
				const port = await connection.accountIn(target);
				// The role first: when it cannot be assumed, that is the one thing to say.
				if (target.assume) {
					const role = `arn:aws:iam::${target.assume.accountId}:role/${target.assume.roleName}`;
					await port.identity().catch((error: unknown) => {
						throw new CannotRunError(`Could not assume ${role}: ${error instanceof Error ? error.message : String(error)}`);
					});
				}
				let account: string | undefined = target.assume?.accountId;
				const report = await scan(scope, {
					account: port,
					probeHost,
					...(target.profile ? {profile: target.profile} : {}),
					budgetMs: session.scanBudgetMs,
					layerBytes: session.layerBytes,
					regionPort: region => connection.accountIn({...target, region}),
					blobCache,
					onEvent: event => {
						if (!onEvent) return;
						if (event.type === 'identity') account = event.account ?? account;
						else if (event.type === 'source') sources!(index, event);
						else if (event.type === 'finding') {
							onEvent({type: 'finding', finding: placeFinding(event.finding, account, port.region)});
						} else onEvent({type: 'warning', warning: {...event.warning, region: port.region, ...(account ? {account} : {})}});
					},
				});
				return {report};
			} catch (error) {
				if (isAwsError(error, 'credentials') && !target.assume && !target.profile) throw error;
				const message = error instanceof Error ? error.message : String(error);
				return {failed: {...label, error: message}};
			}
		}),
	);
	const ran = outcomes.filter(outcome => 'report' in outcome);
	if (ran.length === 0) {
		const reasons = outcomes.map(outcome => ('failed' in outcome ? `${outcome.failed.region}: ${outcome.failed.error}` : '')).join('; ');
		throw new CannotRunError(`No region or account could be scanned. ${reasons}`);
	}
	const merged = {...mergeReports(outcomes), ...(monitored.length > 0 ? {monitoring: monitored} : {})};
	onEvent?.({
		type: 'identity',
		...(merged.account ? {account: merged.account} : {}),
		region: [...new Set(targets.map(target => target.region ?? merged.region))].join(', '),
	});
	return merged;
}
