/** A whole scan as the plain report reads: what was searched, every finding, the warnings. */
import type {ScanReport} from '../diagnosis/types.js';
import {plural} from '../text.js';
import {findingLines} from './finding.js';
import {blank, line, wrap, type Line} from './line.js';
import {formatTime, statusWords} from './words.js';

/** The region, or with several scans the regions (and how many could not be scanned). */
function placesOf(report: ScanReport): string {
	if (!report.scans) return report.region;
	const regions = [...new Set(report.scans.map(scan => scan.region))];
	const failed = report.scans.filter(scan => scan.error).length;
	return `${regions.length === 1 ? regions[0] : `${regions.length} regions (${regions.join(', ')})`}${failed > 0 ? ` · ${failed} of ${report.scans.length} scans could not run` : ''}`;
}

export function searchedSentence(report: ScanReport): string {
	const {searched} = report;
	const how = searched.logSearch === 'filter' ? 'FilterLogEvents' : searched.logSearch === 'mixed' ? 'Logs Insights and FilterLogEvents' : 'Logs Insights';
	const prefixes = searched.logGroupPrefixes.length > 0 ? ` plus every group under ${searched.logGroupPrefixes.join(', ')}` : '';
	const logs = searched.logSearch === 'none' ? 'no log groups' : `${plural(searched.logGroups, 'log group')}${prefixes} (${how})`;
	return `Searched ${plural(searched.clusters, 'ECS cluster')}, ${plural(searched.ecsServices, 'service')}, ${plural(searched.stoppedTasks, 'stopped task')}, ${plural(searched.appRunnerServices, 'App Runner service')}, ${plural(searched.lambdaFunctions, 'Lambda image function')} and ${logs}, from ${formatTime(report.window.since)} to ${formatTime(report.window.until)}.`;
}

export type ReportOptions = {readonly width: number; readonly readOnly?: boolean; readonly demo?: boolean};

export function reportLines(report: ScanReport, options: ReportOptions): Line[] {
	const {width} = options;
	const accounts = new Set((report.scans ?? []).map(scan => scan.account ?? 'unknown'));
	const account = report.account ? `account ${report.account}` : accounts.size > 1 ? `${accounts.size} accounts` : 'account unknown';
	const lines: Line[] = [
		line({text: `execdoctor · ${account} · ${placesOf(report)}${report.profile ? ` · profile ${report.profile}` : ''}`, tone: 'strong'}),
		...wrap(searchedSentence(report), width, {tone: 'muted'}),
		...(report.monitoring ?? []).flatMap(entry =>
			wrap(
				`Monitoring account ${entry.account ?? 'unknown'} (${entry.region}): its Logs Insights query found lines in ${entry.accountsWithHits.length === 0 ? 'no linked account' : `linked account${entry.accountsWithHits.length === 1 ? '' : 's'} ${entry.accountsWithHits.join(', ')}`}; only ${entry.accountsWithHits.length === 1 ? 'that one was' : 'those were'} entered.`,
				width,
				{tone: 'muted'},
			),
		),
		...(report.host.note ? wrap(report.host.note, width, {tone: 'muted'}) : []),
		blank,
	];
	if (report.findings.length === 0) {
		lines.push(line({text: '✓ No exec format error incidents found.', tone: 'good'}));
	} else {
		const settled = (['rolled-back', 'recovered'] as const)
			.map(status => ({status, count: report.findings.filter(finding => finding.status === status).length}))
			.filter(({count}) => count > 0);
		const counts = settled.length > 0 ? ` (${settled.map(({status, count}) => `${count} ${statusWords[status]}`).join(', ')})` : '';
		lines.push(line({text: `${plural(report.findings.length, 'finding')}${counts}`, tone: 'strong'}));
		for (const finding of report.findings) lines.push(blank, ...findingLines(finding, report.host, {...options, wholeCommands: true}));
	}
	if (options.demo && !options.readOnly && report.findings.some(finding => finding.fixes.length > 0)) {
		lines.push(
			blank,
			...wrap(
				"In a terminal, `execdoctor demo` opens the app: enter opens a finding, tab selects one of its fixes' commands, enter shows that fix's plan, and y applies it to the built-in account and verifies it.",
				width,
				{tone: 'muted'},
			),
		);
	}
	if (report.warnings.length > 0) {
		lines.push(blank, line({text: plural(report.warnings.length, 'warning'), tone: 'warn'}));
		for (const warning of report.warnings)
			lines.push(...wrap(`! ${warning.action ? `${warning.action}: ` : ''}${warning.message}`, width, {indent: 4, firstIndent: 2, tone: 'warn'}));
	}
	return lines;
}
