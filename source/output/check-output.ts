/** `execdoctor check` as text, as GitHub Actions annotations, and as a JUnit report. */
import type {CheckReport, CheckResult} from '../diagnosis/check.js';
import {codeDocPath, findingCodes} from '../diagnosis/codes.js';
import {safeText} from '../present/safe.js';
import type {Style} from './style.js';

const marks = {fits: '✓', 'does-not-fit': '✗', unknown: '?'} as const;

function subject(result: CheckResult): string {
	return `${result.container ? `${result.container}: ` : ''}${result.image} on ${result.platform ?? 'its platform'}`;
}

export function renderCheck(report: CheckReport, style: Style): string {
	// Account data is made safe before it is styled: the styles are execdoctor's own escapes.
	const safe = safeText;
	const lines = [
		style.strong(safe(`execdoctor check · for ${report.target.name}`)),
		safe(`Needs ${report.target.platforms.join(', ') || 'an unknown platform'} (${report.target.source}).`),
		'',
	];
	for (const result of report.results) {
		const tone = result.outcome === 'fits' ? style.good : result.outcome === 'does-not-fit' ? style.bad : style.warn;
		lines.push(`${tone(marks[result.outcome])} ${safe(subject(result))}${result.code ? `  [${result.code}]` : ''}`);
		lines.push(`  ${safe(result.message)}`);
		lines.push(
			style.muted(
				safe(`  image: ${result.imagePlatforms.join(', ') || 'no platform read'} (${result.imageSource})${result.digest ? ` ${result.digest}` : ''}`),
			),
		);
		if (result.bytes?.unread) lines.push(style.muted(safe(`  bytes: not read: ${result.bytes.unread}`)));
		if (result.code && result.outcome !== 'fits') lines.push(style.muted(`  ${findingCodes[result.code].title}: ${codeDocPath(result.code)}`));
	}
	const tone = report.outcome === 'fits' ? style.good : report.outcome === 'does-not-fit' ? style.bad : style.warn;
	lines.push('', tone(safe(report.message)));
	return `${lines.join('\n')}\n`;
}

/** Workflow command escaping: a message may not break the command's line or its properties. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One `::error` per image that does not fit, one `::warning` per one that could not be checked. */
export function githubAnnotations(report: CheckReport): string {
	const lines = report.results
		.filter(result => result.outcome !== 'fits')
		.map(result => {
			const level = result.outcome === 'does-not-fit' ? 'error' : 'warning';
			return `::${level} title=${escapeProperty(`execdoctor ${result.code ?? ''} ${subject(result)}`.replace(/\s+/g, ' '))}::${escapeData(result.message)}`;
		});
	if (report.outcome === 'could-not-check' && report.results.length === 0) lines.push(`::warning title=execdoctor check::${escapeData(report.message)}`);
	return lines.map(safeText).join('\n') + (lines.length > 0 ? '\n' : '');
}

const xml = (text: string) => safeText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A JUnit report: a test case per image and platform, failed with its code, errored when it could not be checked. */
export function junitReport(report: CheckReport): string {
	const failures = report.results.filter(result => result.outcome === 'does-not-fit').length;
	const errors = report.results.filter(result => result.outcome === 'unknown').length + (report.results.length === 0 ? 1 : 0);
	const cases = report.results.map(result => {
		const name = xml(subject(result));
		const body =
			result.outcome === 'does-not-fit'
				? `<failure type="${result.code}" message="${xml(result.message)}">${xml(`${result.code} ${findingCodes[result.code!].title}: ${codeDocPath(result.code!)}`)}</failure>`
				: result.outcome === 'unknown'
					? `<error type="${result.code ?? 'EXD900'}" message="${xml(result.message)}"/>`
					: '';
		return `    <testcase classname="execdoctor.check" name="${name}">${body}</testcase>`;
	});
	if (report.results.length === 0)
		cases.push(`    <testcase classname="execdoctor.check" name="${xml(report.target.name)}"><error message="${xml(report.message)}"/></testcase>`);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="execdoctor check" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
		`  <testsuite name="${xml(`execdoctor check for ${report.target.name}`)}" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
		...cases,
		'  </testsuite>',
		'</testsuites>',
		'',
	].join('\n');
}
