/**
 * Stable finding codes, one per kind of finding, as linters give them: scripts and CI gates
 * (`--fail-on`) match on the code, never on the words. A code, once published, keeps its meaning;
 * docs/codes/<CODE>.md explains each.
 */
import type {Finding} from './types.js';

export const findingCodes = {
	EXD101: {slug: 'image-lacks-platform', title: 'The image holds only another platform than the workload runs on'},
	EXD102: {slug: 'index-lacks-platform', title: 'The multi-platform index has no entry for the platform the workload runs on'},
	EXD103: {slug: 'label-lies', title: "The image's label names the right platform, but its files are for another machine"},
	EXD104: {slug: 'sidecar-image', title: "A sidecar container's image, not the app's, is for another platform"},
	EXD105: {slug: 'revision-dropped-runtime-platform', title: 'The failing task definition revision dropped the runtimePlatform the image was built for'},
	EXD106: {slug: 'lambda-rejects-index', title: 'Lambda was given a multi-platform index; it takes a single-platform image only'},
	EXD201: {slug: 'not-architecture', title: 'Image and runtime agree: exec format error with another cause'},
	EXD900: {slug: 'unknown', title: 'The cause is unknown: evidence is missing, and the finding says which'},
} as const;

export type FindingCode = keyof typeof findingCodes;

export const allCodes = Object.keys(findingCodes) as FindingCode[];

export function isFindingCode(value: string): value is FindingCode {
	return Object.hasOwn(findingCodes, value);
}

type CodeInput = {
	readonly verdict: Finding['verdict'];
	/** What the bytes of the failing file settled, when they were read. */
	readonly bytesVerdict?: 'architecture-mismatch' | 'not-architecture';
	readonly droppedArchitecture?: string;
	readonly containers?: Finding['containers'];
};

/** A sidecar: one of several containers, not essential or not the first (the app, by convention). */
function judgedSidecar(containers: CodeInput['containers']): boolean {
	if (!containers || containers.length < 2) return false;
	const index = containers.findIndex(container => container.judged);
	return index > 0 || (index === 0 && !containers[0]!.essential);
}

/** The most specific code the evidence supports. */
export function codeOf(finding: CodeInput): FindingCode {
	switch (finding.verdict) {
		case 'unknown': {
			return 'EXD900';
		}
		case 'not-architecture': {
			return 'EXD201';
		}
		case 'index-rejected': {
			return 'EXD106';
		}
		default: {
			if (finding.bytesVerdict === 'architecture-mismatch') return 'EXD103';
			if (finding.droppedArchitecture) return 'EXD105';
			if (judgedSidecar(finding.containers)) return 'EXD104';
			return finding.verdict === 'platform-missing' ? 'EXD102' : 'EXD101';
		}
	}
}

/** Where a code's page is, in the repository and in the package. */
export function codeDocPath(code: FindingCode): string {
	return `docs/codes/${code}.md`;
}
