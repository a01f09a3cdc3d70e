/**
 * The incident write-up for a ticket: what failed and since when, each workload with its image
 * digest and platforms, the verdict and why, the fixes applied with their journal and undo, and
 * how the verification ended. Markdown; every value made terminal-safe, table cells escaped.
 */
import {findingCodes, codeDocPath} from '../diagnosis/codes.js';
import {workloadLabel} from '../diagnosis/explain.js';
import type {Finding, ScanReport} from '../diagnosis/types.js';
import type {FixHistory} from '../journal/history.js';
import {safeText} from './safe.js';
import {statusWords} from './words.js';

const cell = (text: string) => safeText(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const code = (text: string) => `\`${safeText(text).replace(/`/g, "'")}\``;
const minute = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : 'unknown');

type Event = {readonly at: string; readonly workload: string; readonly what: string};

function timeline(report: ScanReport, fixes: readonly FixHistory[]): Event[] {
	const events: Event[] = [];
	for (const finding of report.findings) {
		const label = workloadLabel(finding.workload);
		for (const item of finding.evidence) if (item.time) events.push({at: item.time, workload: label, what: `${item.kind}: ${item.message}`});
	}
	for (const fix of fixes) {
		const label = workloadLabel(fix.workload);
		events.push({at: fix.at, workload: label, what: `fix ${fix.strategy} started (journal ${fix.journal})`});
		for (const change of fix.changes) events.push({at: change.at, workload: label, what: `changed: ${change.description}`});
		for (const failure of fix.failures) events.push({at: failure.at, workload: label, what: `fix step ${failure.step} failed: ${failure.detail}`});
		if (fix.end) events.push({at: fix.end.at, workload: label, what: `fix ended ${fix.end.outcome}: ${fix.end.message}`});
		for (const undone of fix.undone) events.push({at: undone.at, workload: label, what: `undone: ${undone.detail}`});
	}
	events.push({at: report.window.until, workload: '—', what: 'this scan'});
	return events.sort((a, b) => a.at.localeCompare(b.at));
}

function findingSection(finding: Finding): string[] {
	const image = finding.image;
	return [
		`### ${cell(workloadLabel(finding.workload))}`,
		'',
		`- **${finding.code}** ${findingCodes[finding.code].title} (${codeDocPath(finding.code)})`,
		`- **Now:** ${statusWords[finding.status]}: ${cell(finding.statusReason)}`,
		`- **Image:** ${code(image.reference)}${image.digest ? ` ${code(image.digest)}` : ''}, holds ${image.platforms.map(code).join(', ') || 'no platform read'}`,
		`- **Runs on:** ${finding.runtime.platform ? code(finding.runtime.platform) : 'unknown'} (${cell(finding.runtime.source)})`,
		`- **Verdict:** ${cell(finding.summary)}`,
		...(finding.bytes?.cause ? [`- **Bytes:** ${cell(finding.bytes.cause)}`] : []),
		...(finding.lastFailureAt ? [`- **Last failure:** ${minute(finding.lastFailureAt)}, ${finding.evidenceCount} pieces of evidence`] : []),
		'',
		...finding.explanation.map(paragraph => safeText(paragraph)),
		'',
	];
}

function fixSection(fix: FixHistory): string[] {
	const outcome = fix.end ? `${fix.end.outcome}` : 'did not end (the journal has no end: it was killed, or is still running)';
	return [
		`### ${fix.strategy} on ${cell(workloadLabel(fix.workload))}: ${outcome}`,
		'',
		`- **Started:** ${minute(fix.at)}${fix.simulated ? ' (the built-in simulated account: nothing real was changed)' : ''}`,
		`- **Journal:** ${code(fix.journal)}`,
		...fix.changes.flatMap(change => [`- **Changed** ${minute(change.at)}: ${cell(change.description)}`, `  - undo: ${code(change.undo)}`]),
		...fix.failures.map(failure => `- **Failed** ${minute(failure.at)} at ${failure.step}: ${cell(failure.detail)}`),
		...(fix.end ? [`- **Verification:** ${cell(fix.end.message)}`] : []),
		...fix.undone.map(undone => `- **Undone** ${minute(undone.at)}: ${cell(undone.detail)}`),
		...(fix.changes.length > 0 && fix.undone.length === 0
			? [`- **To take it back:** ${code(`execdoctor undo ${fix.journal} --dry-run`)}, then \`--yes\``]
			: []),
		'',
	];
}

/** `fixes`: the journals about this report's workloads (fixesFor). */
export function incidentMarkdown(report: ScanReport, fixes: readonly FixHistory[], meta: {readonly version: string; readonly generatedAt: Date}): string {
	const open = report.findings.filter(finding => finding.status !== 'recovered');
	const where = [report.account ? `account ${report.account}` : undefined, report.region].filter(Boolean).join(', ');
	const lines = [
		`# exec format error: incident report (${cell(where)})`,
		'',
		`Generated ${minute(meta.generatedAt.toISOString())} by execdoctor ${meta.version}, from a scan of ${minute(report.window.since)} to ${minute(report.window.until)}.`,
		'',
		'## Summary',
		'',
		report.findings.length === 0
			? 'No exec format error was found in the window.'
			: `${report.findings.length} workload${report.findings.length === 1 ? '' : 's'} hit exec format error; ${open.length} still ${open.length === 1 ? 'fails' : 'fail'} or rolled back. ${fixes.length} fix${fixes.length === 1 ? '' : 'es'} applied from this machine.`,
		'',
		...(report.findings.length > 0
			? [
					'| workload | code | verdict | now | last failure |',
					'| --- | --- | --- | --- | --- |',
					...report.findings.map(
						finding =>
							`| ${cell(workloadLabel(finding.workload))} | ${finding.code} | ${finding.verdict} | ${statusWords[finding.status]} | ${minute(finding.lastFailureAt)} |`,
					),
					'',
				]
			: []),
		'## Timeline (UTC)',
		'',
		'| time | workload | what |',
		'| --- | --- | --- |',
		...timeline(report, fixes).map(event => `| ${minute(event.at)} | ${cell(event.workload)} | ${cell(event.what)} |`),
		'',
		'## Affected workloads',
		'',
		...report.findings.flatMap(findingSection),
		'## Fixes applied',
		'',
		...(fixes.length > 0 ? fixes.flatMap(fixSection) : ['None from this machine.', '']),
		...(report.warnings.length > 0 ? ['## What could not be read', '', ...report.warnings.map(warning => `- ${cell(warning.message)}`), ''] : []),
	];
	return `${lines
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trimEnd()}\n`;
}
