import type {Finding} from '../diagnosis/types.js';
import type {Change, FixReport, PlannedStep, StepResult} from '../fixes/types.js';
import {blank, line, wrap, type Line, type Tone} from './lines.js';
import {fixPlanLines} from './screens/fix-lines.js';

export type FixFlowState =
	| {readonly phase: 'planning'}
	| {readonly phase: 'refused'; readonly report: FixReport}
	| {readonly phase: 'planned'; readonly report: FixReport}
	| {
			readonly phase: 'applying';
			readonly report: FixReport;
			readonly results: readonly StepResult[];
			readonly running?: string;
			readonly changes: readonly Change[];
			readonly progress?: string;
			readonly stopping: boolean;
	  }
	| {readonly phase: 'done'; readonly report: FixReport};

const sourceWords = {
	flag: 'given',
	'local-docker': 'where your Docker pulled the ECR copy from',
	guess: 'a GUESS from the repository name: check it before you press y',
} as const;

function planLines(report: FixReport, width: number, results?: readonly StepResult[], running?: string): Line[] {
	const plan = report.plan!;
	const lines: Line[] = [];
	const facts = [
		`runs on ${plan.targetPlatform}`,
		...(plan.source ? [`source ${plan.source} (${sourceWords[plan.sourceOrigin ?? 'flag']})`] : []),
		...(plan.destination ? [`pushes to ${plan.destination}`] : []),
	];
	lines.push(...wrap(facts.join(' · '), width, {indent: 2, tone: plan.sourceOrigin === 'guess' ? 'warn' : 'muted'}), blank);
	plan.steps.forEach((step: PlannedStep, index) => {
		const result = results?.find(candidate => candidate.id === step.id);
		const glyph: [string, Tone] =
			result?.status === 'done'
				? ['✓', 'good']
				: result?.status === 'failed'
					? ['✗', 'bad']
					: result?.status === 'skipped'
						? ['-', 'muted']
						: running === step.id
							? ['…', 'accent']
							: ['·', 'muted'];
		lines.push(
			line(
				{text: `${glyph[0]} `, tone: glyph[1]},
				{text: `${index + 1}. ${step.title}`, tone: 'strong'},
				...(step.mutating ? [{text: '  changes AWS', tone: 'warn' as const}] : []),
			),
		);
		lines.push(...wrap(step.display, width, {indent: 7, firstIndent: 5, tone: 'code'}));
		if (result?.detail) lines.push(...wrap(result.detail, width, {indent: 5, tone: result.status === 'failed' ? 'bad' : 'muted'}));
	});
	if (plan.warnings.length > 0) {
		lines.push(blank);
		for (const warning of plan.warnings) lines.push(...wrap(`! ${warning}`, width, {indent: 4, firstIndent: 2, tone: 'warn'}));
	}
	return lines;
}

function changeLines(changes: readonly Change[], width: number): Line[] {
	if (changes.length === 0) return [];
	const lines: Line[] = [blank, line({text: 'Changes made, and how to undo each', tone: 'strong'})];
	for (const change of changes)
		lines.push(
			...wrap(`• ${change.description}`, width, {indent: 4, firstIndent: 2}),
			...wrap(`undo: ${change.undo}`, width, {indent: 6, firstIndent: 4, tone: 'code'}),
		);
	return lines;
}

/** The fix screen, top to bottom: the plan (with each step's state once running), changes, verification. */
export function fixFlowLines(finding: Finding, fixIndex: number, state: FixFlowState, width: number): Line[] {
	const fix = finding.fixes[fixIndex];
	const title = line({text: `Fix ${fixIndex + 1} of ${finding.fixes.length}: `, tone: 'muted'}, {text: fix?.title ?? '', tone: 'strong'});
	switch (state.phase) {
		case 'planning': {
			return [title, blank, line({text: '… reading the workload, the repository and Docker to plan the exact steps (nothing is changed)', tone: 'muted'})];
		}
		case 'refused': {
			return [
				title,
				blank,
				line({text: 'execdoctor cannot apply this fix here:', tone: 'warn'}),
				...wrap(state.report.message, width, {indent: 2}),
				blank,
				line({text: 'The commands, to run yourself:', tone: 'muted'}),
				...fixPlanLines(finding, fixIndex, width).slice(3),
			];
		}
		case 'planned': {
			return [
				title,
				line({text: 'Nothing has been changed. Press y to apply these steps, esc to go back.', tone: 'accent'}),
				blank,
				...planLines(state.report, width),
			];
		}
		case 'applying': {
			return [
				title,
				line({
					text: state.stopping ? "Stopping after this step, or at the verification's next look…" : 'Applying. Ctrl-C stops after the current step.',
					tone: 'accent',
				}),
				blank,
				...planLines(state.report, width, state.results, state.running),
				...changeLines(state.changes, width),
				...(state.progress ? [blank, ...wrap(`… ${state.progress}`, width, {tone: 'accent'})] : []),
			];
		}
		case 'done': {
			const {report} = state;
			const verdict: [string, Tone] =
				report.outcome === 'verified'
					? ['✓ Verified', 'good']
					: report.outcome === 'interrupted'
						? ['- Stopped', 'warn']
						: report.outcome === 'failed'
							? ['✗ Failed', 'bad']
							: report.verification.status === 'timed-out'
								? ['? Not verified: timed out', 'bad']
								: ['✗ Not verified', 'bad'];
			const lines: Line[] = [
				title,
				line({text: verdict[0], tone: verdict[1]}),
				...wrap(report.message, width, {indent: 2}),
				blank,
				...planLines(report, width, report.steps),
				...changeLines(report.changes, width),
			];
			if (report.verification.checks.length > 0) {
				lines.push(blank, line({text: 'Verification', tone: 'strong'}));
				for (const check of report.verification.checks)
					lines.push(...wrap(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`, width, {indent: 4, firstIndent: 2, tone: check.ok ? 'good' : 'bad'}));
				for (const item of report.verification.evidence.slice(0, 6))
					lines.push(...wrap(`${item.time ?? ''} ${item.message}`, width, {indent: 4, tone: 'muted'}));
			}
			return lines;
		}
	}
}
