/**
 * One report from the scans of several regions and accounts: every finding and warning says
 * where it is from, ids stay unique, and a scan that could not run is kept with its reason.
 */
import {sortFindings} from './findings-order.js';
import {schemaVersion, type Finding, type ScanReport, type ScanSummary, type SearchSummary, type Warning} from './types.js';

export type ScanOutcome =
	{readonly report: ScanReport} | {readonly failed: {readonly region: string; readonly account?: string; readonly profile?: string; readonly error: string}};

function sumSearched(reports: readonly ScanReport[]): SearchSummary {
	const strategies = new Set(reports.map(report => report.searched.logSearch));
	const add = (key: 'clusters' | 'ecsServices' | 'stoppedTasks' | 'appRunnerServices' | 'lambdaFunctions' | 'logGroups') =>
		reports.reduce((sum, report) => sum + report.searched[key], 0);
	return {
		clusters: add('clusters'),
		ecsServices: add('ecsServices'),
		stoppedTasks: add('stoppedTasks'),
		appRunnerServices: add('appRunnerServices'),
		lambdaFunctions: add('lambdaFunctions'),
		logGroups: add('logGroups'),
		logGroupPrefixes: [...new Set(reports.flatMap(report => report.searched.logGroupPrefixes))],
		logSearch: strategies.size === 1 ? [...strategies][0]! : 'mixed',
	};
}

const where = (account: string | undefined, region: string) => `${account ?? 'unknown'}/${region}/`;

/** A finding of one of several scans: its id made unique, its account and region said. */
export function placeFinding(finding: Finding, account: string | undefined, region: string): Finding {
	return {...finding, id: `${where(account, region)}${finding.id}`, ...(account ? {account} : {}), region};
}

/** Where a scan's findings and warnings are from, added to each. */
export function placeReport(report: ScanReport): ScanReport {
	const place = {...(report.account ? {account: report.account} : {}), region: report.region};
	return {
		...report,
		findings: report.findings.map(finding => placeFinding(finding, report.account, report.region)),
		warnings: report.warnings.map(warning => ({...warning, ...place})),
	};
}

export function mergeReports(outcomes: readonly ScanOutcome[]): ScanReport {
	const reports = outcomes.flatMap(outcome => ('report' in outcome ? [placeReport(outcome.report)] : []));
	const failures = outcomes.flatMap(outcome => ('failed' in outcome ? [outcome.failed] : []));
	const first = reports[0];
	if (!first) throw new Error('mergeReports needs one scan that ran');
	const accounts = new Set(reports.map(report => report.account));
	const failedWarnings: Warning[] = failures.map(failure => ({
		code: 'scan-failed',
		...(failure.account ? {account: failure.account} : {}),
		region: failure.region,
		message: `${failure.account ? `Account ${failure.account}, ` : ''}${failure.region}${failure.profile ? ` (profile ${failure.profile})` : ''} could not be scanned: ${failure.error}`,
	}));
	const scans: ScanSummary[] = [
		...reports.map(report => ({
			...(report.account ? {account: report.account} : {}),
			region: report.region,
			...(report.profile ? {profile: report.profile} : {}),
			searched: report.searched,
			findings: report.findings.length,
			warnings: report.warnings,
		})),
		...failures.map(failure => ({
			...(failure.account ? {account: failure.account} : {}),
			region: failure.region,
			...(failure.profile ? {profile: failure.profile} : {}),
			findings: 0,
			warnings: [],
			error: failure.error,
		})),
	];
	return {
		schemaVersion,
		...(accounts.size === 1 && first.account ? {account: first.account} : {}),
		region: first.region,
		window: first.window,
		host: first.host,
		searched: sumSearched(reports),
		findings: sortFindings(reports.flatMap(report => report.findings)),
		warnings: [...failedWarnings, ...reports.flatMap(report => report.warnings)],
		scans,
	};
}
