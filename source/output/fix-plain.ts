import wrapAnsi from 'wrap-ansi';
import {workloadLabel} from '../diagnosis/explain.js';
import type {FixEvent, FixReport, PlannedStep, StepResult, Verification} from '../fixes/types.js';
import type {Style} from './style.js';

const sourceWords = {
	flag: 'from --source',
	'local-docker': 'where the local Docker pulled the ECR copy from',
	guess: 'a GUESS from the repository name: confirm it or pass --source',
} as const;

function indent(text: string, spaces: number, width: number): string {
	const pad = ' '.repeat(spaces);
	return wrapAnsi(text, Math.max(20, width - spaces), {hard: true})
		.split('\n')
		.map(line => pad + line)
		.join('\n');
}

export function renderPlan(report: FixReport, style: Style, width: number): string[] {
	const lines: string[] = [];
	const plan = report.plan;
	if (!plan) return lines;
	const facts = [
		`runs on ${plan.targetPlatform}`,
		...(plan.source ? [`source ${plan.source} (${sourceWords[plan.sourceOrigin ?? 'flag']})`] : []),
		...(plan.destination ? [`pushes to ${plan.destination}`] : []),
	];
	lines.push(indent(`Target: ${facts.join(' · ')}`, 0, width), '', style.strong('Plan'));
	plan.steps.forEach((step: PlannedStep, index) => {
		lines.push(indent(`${index + 1}. ${step.title}${step.mutating ? style.warn('  (changes AWS)') : ''}`, 2, width));
		// Commands are never wrapped: they must survive copy and paste.
		lines.push(`     ${style.code(step.display)}`);
	});
	if (plan.warnings.length > 0) {
		lines.push('', style.warn('Before you apply it'));
		for (const warning of plan.warnings) lines.push(indent(style.warn(`! ${warning}`), 2, width));
	}
	return lines;
}

const stepGlyphs: Record<StepResult['status'], string> = {done: '✓', failed: '✗', skipped: '-'};

function renderVerification(verification: Verification, style: Style, width: number): string[] {
	if (verification.status === 'not-run') return [];
	const headline = {
		verified: style.good('✓ verified'),
		'not-verified': style.bad('✗ not verified'),
		'timed-out': style.bad('? timed out'),
		stopped: style.warn('- stopped before it settled'),
		'not-run': '',
	}[verification.status];
	const lines = ['', `${style.strong('Verification')}  ${headline}`];
	for (const check of verification.checks) lines.push(indent(`${check.ok ? style.good('✓') : style.bad('✗')} ${check.name}: ${check.detail}`, 2, width));
	for (const item of verification.evidence.slice(0, 8))
		lines.push(indent(style.muted(`${item.time ?? ''} ${item.message}${item.logStream ? `  (${item.logGroup} ${item.logStream})` : ''}`), 4, width));
	return lines;
}

/** The fix report as text: plan, steps, changes with their undo, verification, one-line outcome. */
export function renderFixReport(report: FixReport, style: Style, width = 100): string {
	const lines: string[] = [style.strong(`execdoctor fix · ${report.strategy}${report.workload ? ` · ${workloadLabel(report.workload)}` : ''}`)];
	lines.push(...renderPlan(report, style, width));
	if (report.steps.length > 0) {
		lines.push('', style.strong('Steps'));
		report.steps.forEach((step, index) => {
			const glyph =
				step.status === 'done' ? style.good(stepGlyphs.done) : step.status === 'failed' ? style.bad(stepGlyphs.failed) : style.muted(stepGlyphs.skipped);
			lines.push(indent(`${glyph} ${index + 1}. ${step.title}${step.detail ? style.muted(` — ${step.detail}`) : ''}`, 2, width));
		});
	}
	if (report.changes.length > 0) {
		lines.push('', style.strong('Changes made, and how to undo each'));
		for (const change of report.changes) {
			lines.push(indent(`• ${change.description}`, 2, width), `    ${style.code(`undo: ${change.undo}`)}`);
		}
	}
	lines.push(...renderVerification(report.verification, style, width));
	const tone = report.outcome === 'verified' || report.outcome === 'planned' ? style.good : report.outcome === 'refused' ? style.warn : style.bad;
	lines.push('', tone(report.message));
	if (report.outcome === 'planned') lines.push(style.muted('Dry run: nothing was changed. Run again with --yes to apply it.'));
	return `${lines.join('\n')}\n`;
}

/** Progress for stderr: one line per step and per new verification state. */
export function createFixProgress(): (event: FixEvent) => string | undefined {
	let lastMessage = '';
	return event => {
		if (event.type === 'step-started') return `execdoctor: [${event.position}/${event.total}] ${event.step.title}…`;
		if (event.type === 'step-finished' && event.result.status === 'failed') return `execdoctor: failed: ${event.result.detail ?? ''}`;
		if (event.type === 'change') return `execdoctor: changed: ${event.change.description}`;
		if (event.type === 'verify-progress' && event.message !== lastMessage) {
			lastMessage = event.message;
			return `execdoctor: ${event.message}`;
		}
		return undefined;
	};
}
