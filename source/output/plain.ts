import wrapAnsi from 'wrap-ansi';
import {workloadLabel} from '../diagnosis/explain.js';
import type {Evidence, Finding, ScanReport, Verdict} from '../diagnosis/types.js';
import {statusTones, statusWords} from '../diagnosis/status-words.js';
import {verdictWords} from '../diagnosis/verdict.js';
import {fixCommandFor} from './fix-command-line.js';
import {plural} from '../text.js';
import type {Style} from './style.js';

export const verdictGlyphs: Record<Verdict, string> = {
	'architecture-mismatch': '✗',
	'platform-missing': '✗',
	'not-architecture': '!',
	unknown: '?',
};

export const recoveredGlyph = '✓';

/** The glyph a finding leads with: its verdict's, until the workload has recovered. */
export function findingGlyph(finding: Pick<Finding, 'verdict' | 'status'>): string {
	return finding.status === 'recovered' ? recoveredGlyph : verdictGlyphs[finding.verdict];
}

const evidenceWords: Record<Evidence['kind'], string> = {
	'log-line': 'log',
	'stopped-task': 'task',
	'service-event': 'event',
	deployment: 'deploy',
	'apprunner-status': 'status',
	'apprunner-operation': 'operation',
};

export function formatTime(iso: string | undefined): string {
	return iso ? `${iso.slice(0, 19).replace('T', ' ')}Z` : '—';
}

function indentWrap(text: string, indent: number, width: number): string {
	const pad = ' '.repeat(indent);
	return wrapAnsi(text, Math.max(20, width - indent), {hard: true})
		.split('\n')
		.map(line => pad + line)
		.join('\n');
}

function labelled(label: string, value: string, width: number, detail?: string): string[] {
	const head = `  ${label.padEnd(10)}`;
	const lines = wrapAnsi(value, Math.max(20, width - head.length), {hard: true}).split('\n');
	const out = lines.map((line, index) => (index === 0 ? head : ' '.repeat(head.length)) + line);
	if (detail)
		out.push(
			...wrapAnsi(detail, Math.max(20, width - head.length), {hard: true})
				.split('\n')
				.map(line => ' '.repeat(head.length) + line),
		);
	return out;
}

function verdictStyle(verdict: Verdict, style: Style): (text: string) => string {
	return verdict === 'architecture-mismatch' || verdict === 'platform-missing' ? style.bad : style.warn;
}

function renderEvidence(finding: Finding, style: Style, width: number, shown: number): string[] {
	const lines = labelled('Evidence', `${plural(finding.evidenceCount, 'piece')}, the last at ${formatTime(finding.lastFailureAt)}`, width);
	for (const item of finding.evidence.slice(0, shown)) {
		const where = [item.logGroup, item.logStream].filter(Boolean).join(' ');
		lines.push(indentWrap(`${style.muted(formatTime(item.time))} ${evidenceWords[item.kind].padEnd(6)} ${item.message}`, 14, width));
		if (where) lines.push(indentWrap(style.muted(where), 35, width));
	}
	const hidden = finding.evidenceCount - Math.min(shown, finding.evidence.length);
	if (hidden > 0) lines.push(indentWrap(style.muted(`… ${hidden} more (--json lists up to ${finding.evidence.length})`), 14, width));
	return lines;
}

export function renderFinding(
	finding: Finding,
	index: number,
	report: Pick<ScanReport, 'host'>,
	style: Style,
	width: number,
	options: {readOnly?: boolean; demo?: boolean} = {},
): string[] {
	const paint = verdictStyle(finding.verdict, style);
	const lines: string[] = [];
	const now = style[statusTones[finding.status]];
	const glyphPaint = finding.status === 'recovered' ? now : paint;
	lines.push(`${glyphPaint(findingGlyph(finding))} ${index}. ${style.strong(workloadLabel(finding.workload))}  ${paint(verdictWords[finding.verdict])}`);
	lines.push(indentWrap(finding.summary, 2, width));
	lines.push(indentWrap(`${now(`Now: ${statusWords[finding.status]}`)}: ${finding.statusReason}.`, 2, width));
	lines.push('');
	const {image, runtime} = finding;
	const hostDetail =
		report.host.source === 'docker-daemon'
			? `Docker daemon${report.host.dockerVersion ? ` ${report.host.dockerVersion}` : ''}${report.host.containerdImageStore ? ', containerd image store' : ''}`
			: 'Node.js process (no Docker daemon)';
	lines.push(...labelled('Host', `${report.host.platform}`, width, style.muted(hostDetail)));
	const imagePlatforms = image.platforms.length > 0 ? image.platforms.join(', ') : 'unknown';
	const imageDetails = [
		image.reference,
		image.digest ? `digest ${image.digest}${image.digestSource ? ` (${image.digestSource})` : ''}` : undefined,
		image.platformSource,
		image.attestationCount > 0 ? `${plural(image.attestationCount, 'attestation entry', 'attestation entries')} (unknown/unknown) not counted` : undefined,
		image.unknownReason,
	].filter(Boolean);
	lines.push(...labelled('Image', imagePlatforms, width, style.muted(imageDetails.join('\n'))));
	const serviceWord = finding.workload.kind === 'ecs-task' ? 'Task' : 'Service';
	lines.push(...labelled(serviceWord, runtime.platform ?? 'unknown', width, style.muted(runtime.source)));
	lines.push(...renderEvidence(finding, style, width, 3));
	lines.push('', '  Why');
	for (const paragraph of finding.explanation) lines.push(indentWrap(paragraph, 4, width));
	if (finding.hypotheses.length > 0) {
		lines.push('', '  Other known causes');
		for (const hypothesis of finding.hypotheses) lines.push(indentWrap(`- ${hypothesis}`, 4, width));
	}
	if (finding.fixes.length > 0) {
		lines.push('', '  Fixes');
		finding.fixes.forEach((fix, position) => {
			const apply = options.readOnly || options.demo ? undefined : fixCommandFor(finding, fix.id);
			lines.push(indentWrap(`${position + 1}. ${style.strong(fix.title)}`, 4, width));
			if (apply) lines.push(indentWrap(style.muted(`execdoctor applies and verifies it: ${apply} --dry-run, then --yes`), 7, width));
			// Commands are never wrapped: they must survive copy and paste.
			for (const command of fix.commands) lines.push(`       ${style.code(`$ ${command}`)}`);
			for (const note of fix.notes) lines.push(indentWrap(style.muted(`· ${note}`), 7, width));
		});
	}
	return lines;
}

export function renderSearched(report: ScanReport): string {
	const {searched} = report;
	const logWords =
		searched.logSearch === 'none'
			? 'no log groups'
			: `${plural(searched.logGroups, 'log group')}${searched.logGroupPrefixes.length > 0 ? ` plus every group under ${searched.logGroupPrefixes.join(', ')}` : ''} (${searched.logSearch === 'filter' ? 'FilterLogEvents' : searched.logSearch === 'mixed' ? 'Logs Insights and FilterLogEvents' : 'Logs Insights'})`;
	return `Searched ${plural(searched.clusters, 'ECS cluster')}, ${plural(searched.ecsServices, 'service')}, ${plural(searched.stoppedTasks, 'stopped task')}, ${plural(searched.appRunnerServices, 'App Runner service')} and ${logWords}, from ${formatTime(report.window.since)} to ${formatTime(report.window.until)}.`;
}

/** The plain-text report: for pipes, CI and terminals without the app. */
/** `readOnly`: no offer to apply a fix; `demo`: fixes are applied in the demo's app, not with `execdoctor fix`. */
export function renderPlainReport(report: ScanReport, style: Style, width = 80, options: {readOnly?: boolean; demo?: boolean} = {}): string {
	const lines: string[] = [];
	const account = report.account ? `account ${report.account}` : 'account unknown';
	lines.push(style.strong(`execdoctor · ${account} · ${report.region}${report.profile ? ` · profile ${report.profile}` : ''}`));
	lines.push(indentWrap(style.muted(renderSearched(report)), 0, width));
	if (report.host.note) lines.push(indentWrap(style.muted(report.host.note), 0, width));
	lines.push('');
	if (report.findings.length === 0) {
		lines.push(style.good('✓ No exec format error incidents found.'));
	} else {
		const settled = (['rolled-back', 'recovered'] as const)
			.map(status => ({status, count: report.findings.filter(finding => finding.status === status).length}))
			.filter(({count}) => count > 0);
		lines.push(
			style.strong(
				`${plural(report.findings.length, 'finding')}${settled.length > 0 ? ` (${settled.map(({status, count}) => `${count} ${statusWords[status]}`).join(', ')})` : ''}`,
			),
		);
		report.findings.forEach((finding, index) => {
			lines.push('', ...renderFinding(finding, index + 1, report, style, width, options));
		});
	}
	if (options.demo && !options.readOnly && report.findings.some(finding => finding.fixes.length > 0)) {
		lines.push(
			'',
			indentWrap(style.muted('In a terminal, `execdoctor demo` opens the app: Enter on a fix applies it to the built-in account and verifies it.'), 0, width),
		);
	}
	if (report.warnings.length > 0) {
		lines.push('', style.warn(plural(report.warnings.length, 'warning')));
		for (const warning of report.warnings) lines.push(indentWrap(style.warn(`! ${warning.action ? `${warning.action}: ` : ''}${warning.message}`), 2, width));
	}
	return `${lines.join('\n')}\n`;
}
