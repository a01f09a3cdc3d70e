/**
 * Every word, glyph and tone execdoctor shows for its domain values, in one table, so the app,
 * the plain report and the fix reports say the same thing. Meaning never rests on colour alone:
 * each tone comes with a glyph or a word.
 */
import type {EvidenceKind, Finding, IncidentStatus, Verdict, WorkloadKind} from '../diagnosis/types.js';
import type {FixOutcome, FixReport, StepResult} from '../fixes/types.js';
import type {Tone} from './line.js';

export const verdictWords: Record<Verdict, string> = {
	'architecture-mismatch': 'architecture mismatch',
	'platform-missing': 'platform missing from the index',
	'index-rejected': 'an index Lambda does not take',
	'not-architecture': 'not an architecture problem',
	unknown: 'unknown',
};

/** For a list column. */
export const shortVerdicts: Record<Verdict, string> = {
	'architecture-mismatch': 'architecture mismatch',
	'platform-missing': 'platform missing',
	'index-rejected': 'index rejected',
	'not-architecture': 'not architecture',
	unknown: 'unknown',
};

/** The list's columns, terse as k9s's, so the workload's name keeps its room at 80 columns. */
export const listVerdicts: Record<Verdict, string> = {...shortVerdicts, 'architecture-mismatch': 'arch mismatch'};

export const listStates: Record<IncidentStatus | 'verified' | 'applied-unverified' | 'interrupted', string> = {
	failing: 'failing',
	'rolled-back': 'rolled back',
	recovered: 'recovered',
	verified: 'fixed ✓',
	'applied-unverified': 'fix unverified',
	interrupted: 'fix stopped',
};

export const verdictGlyphs: Record<Verdict, string> = {
	'architecture-mismatch': '✗',
	'platform-missing': '✗',
	'index-rejected': '✗',
	'not-architecture': '!',
	unknown: '?',
};

export function verdictTone(verdict: Verdict): Tone {
	return verdict === 'architecture-mismatch' || verdict === 'platform-missing' || verdict === 'index-rejected' ? 'bad' : 'warn';
}

/** How a finding's status reads before its reason: "still failing: …". */
export const statusWords: Record<IncidentStatus, string> = {
	failing: 'still failing',
	'rolled-back': 'rolled back',
	recovered: 'recovered',
};

export const statusTones: Record<IncidentStatus, Tone> = {
	failing: 'bad',
	'rolled-back': 'warn',
	recovered: 'good',
};

export const recoveredGlyph = '✓';

/** The glyph a finding leads with, and its tone: its verdict's, until the workload has recovered. */
export function findingMark(finding: Pick<Finding, 'verdict' | 'status'>): {readonly glyph: string; readonly tone: Tone} {
	return finding.status === 'recovered'
		? {glyph: recoveredGlyph, tone: statusTones.recovered}
		: {glyph: verdictGlyphs[finding.verdict], tone: verdictTone(finding.verdict)};
}

export const evidenceWords: Record<EvidenceKind, string> = {
	'log-line': 'log line',
	'stopped-task': 'stopped task',
	'service-event': 'service event',
	deployment: 'deployment',
	'apprunner-status': 'service status',
	'apprunner-operation': 'operation',
	'lambda-update': 'function update',
};

export const kindWords: Record<WorkloadKind, string> = {
	'ecs-service': 'ECS service',
	'ecs-task': 'ECS task',
	'apprunner-service': 'App Runner',
	'lambda-function': 'Lambda',
};

/** Where a fix's source image came from. */
export const sourceWords = {
	flag: 'given',
	'local-docker': 'where the local Docker pulled the ECR copy from',
	ecr: 'the ECR index itself, which holds the platform',
	guess: 'a GUESS from the repository name: check it before you confirm',
} as const;

type StepState = StepResult['status'] | 'running' | 'waiting';

export const stepMarks: Record<StepState, {readonly glyph: string; readonly tone: Tone}> = {
	done: {glyph: '✓', tone: 'good'},
	failed: {glyph: '✗', tone: 'bad'},
	skipped: {glyph: '-', tone: 'muted'},
	running: {glyph: '…', tone: 'accent'},
	waiting: {glyph: '·', tone: 'muted'},
};

/** The headline of a fix report, by how it ended. */
export function outcomeMark(report: Pick<FixReport, 'outcome' | 'verification'>): {readonly text: string; readonly tone: Tone} {
	switch (report.outcome) {
		case 'verified': {
			return {text: '✓ Verified', tone: 'good'};
		}
		case 'interrupted': {
			return {text: '- Stopped', tone: 'warn'};
		}
		case 'failed': {
			return {text: '✗ Failed', tone: 'bad'};
		}
		case 'planned': {
			return {text: '· Planned: nothing was changed', tone: 'accent'};
		}
		case 'refused': {
			return {text: '! Not applied', tone: 'warn'};
		}
		case 'applied-unverified': {
			return report.verification.status === 'timed-out' ? {text: '? Not verified: timed out', tone: 'bad'} : {text: '✗ Not verified', tone: 'bad'};
		}
	}
}

/** How a list row reads after a fix from the app: glyph, words and tone replace the verdict's. */
export const fixedMarks: Partial<Record<FixOutcome, {readonly glyph: string; readonly words: string; readonly tone: Tone}>> = {
	verified: {glyph: '✓', words: 'fixed · verified', tone: 'good'},
	'applied-unverified': {glyph: '!', words: 'applied · unverified', tone: 'warn'},
	interrupted: {glyph: '!', words: 'fix stopped part-way', tone: 'warn'},
};

/** `2026-11-24 08:14:47Z`; `—` without a time. */
export function formatTime(iso: string | undefined): string {
	return iso ? `${iso.slice(0, 19).replace('T', ' ')}Z` : '—';
}
