import type {Finding, Verdict} from './types.js';
import type {FindingCode} from './codes.js';

const verdictOrder: Record<Verdict, number> = {'architecture-mismatch': 0, 'platform-missing': 1, 'index-rejected': 1, unknown: 2, 'not-architecture': 3};
const isRecovered = (finding: Finding) => (finding.status === 'recovered' ? 1 : 0);

/** What still fails first, most severe first, newest first; recovered incidents last. */
export function sortFindings(findings: Iterable<Finding>): Finding[] {
	return [...findings].sort(
		(a, b) =>
			isRecovered(a) - isRecovered(b) ||
			verdictOrder[a.verdict] - verdictOrder[b.verdict] ||
			(b.lastFailureAt ?? '').localeCompare(a.lastFailureAt ?? '') ||
			a.id.localeCompare(b.id),
	);
}

/** Exit code 1 when something still fails (or rolled back); recovered incidents alone are 0. */
export function hasOpenFindings(findings: readonly Finding[], failOn?: readonly FindingCode[]): boolean {
	return findings.some(finding => finding.status !== 'recovered' && (!failOn || failOn.includes(finding.code)));
}

/** Where a finding of a scan of several regions or accounts is: `account · region`, or none. */
export function placeOf(finding: Finding): string | undefined {
	return finding.region ? `${finding.account ?? 'unknown account'} · ${finding.region}` : undefined;
}

const stateOrder = {failing: 0, 'rolled-back': 1, recovered: 2} as const;

/**
 * The app's list order, as k9s sorts: by state (failing, rolled back, recovered), then the most
 * recent failure first; with several regions or accounts, grouped by place (the place of the
 * first finding first).
 */
export function listOrder(findings: Iterable<Finding>): Finding[] {
	const sorted = [...findings].sort(
		(a, b) => stateOrder[a.status] - stateOrder[b.status] || (b.lastFailureAt ?? '').localeCompare(a.lastFailureAt ?? '') || a.id.localeCompare(b.id),
	);
	if (!sorted.some(finding => finding.region)) return sorted;
	const places = [...new Set(sorted.map(finding => placeOf(finding) ?? ''))];
	return places.flatMap(place => sorted.filter(finding => (placeOf(finding) ?? '') === place));
}
