/**
 * `execdoctor check`: does an image fit the platforms its target runs on, before it is deployed?
 * One result per image (a task definition has one per container) and needed platform, each with
 * the code a finding of it would get; the report's outcome is what a CI gate exits with.
 */
import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import {findingCodes, type FindingCode} from './codes.js';
import type {ImageFacts} from './facts.js';
import type {BinaryFinding} from './binary-evidence.js';

export type CheckTargetKind = 'platforms' | 'ecs-service' | 'task-definition' | 'app-runner' | 'lambda';

/** What the image must run on, and where that comes from. */
export type CheckTarget = {
	readonly kind: CheckTargetKind;
	/** `ecs:prod/api`, `task definition api:7`, `Lambda function resize`, … */
	readonly name: string;
	readonly platforms: readonly Platform[];
	/** Why these platforms, in words. */
	readonly source: string;
	/** Lambda takes a single-platform image only. */
	readonly singlePlatformOnly?: boolean;
	/** Why the platforms could not be read; the check cannot run then (exit 2). */
	readonly unknownReason?: string;
};

/** What a file of the image was read to be, for the platform checked. */
export type CheckBytes = {readonly finding?: BinaryFinding; readonly unread?: string};

export type CheckResult = {
	readonly image: string;
	/** A task definition's container the image belongs to. */
	readonly container?: string;
	readonly platform?: string;
	readonly outcome: 'fits' | 'does-not-fit' | 'unknown';
	readonly code?: FindingCode;
	readonly message: string;
	readonly digest?: string;
	readonly imagePlatforms: readonly string[];
	/** Where the image's platforms were read: ECR, the local Docker, an OCI layout, a tarball. */
	readonly imageSource: string;
	readonly bytes?: {readonly path?: string; readonly found?: string; readonly unread?: string};
};

export type CheckReport = {
	readonly schemaVersion: 1;
	readonly command: 'check';
	readonly target: {readonly kind: CheckTargetKind; readonly name: string; readonly platforms: readonly string[]; readonly source: string};
	readonly results: readonly CheckResult[];
	readonly outcome: 'fits' | 'does-not-fit' | 'could-not-check';
	readonly message: string;
};

export type CheckedImage = {
	readonly facts: ImageFacts;
	readonly source: string;
	readonly container?: string;
	/** A sidecar among the task's containers (not the first, or not essential). */
	readonly sidecar?: boolean;
	/** The bytes of the program it starts, per needed platform (formatted), when they were read. */
	readonly bytes?: ReadonlyMap<string, CheckBytes>;
};

/** One image against one needed platform. */
export function judgeFit(image: CheckedImage, needed: Platform, target: CheckTarget): CheckResult {
	const {facts} = image;
	const platform = formatPlatform(needed);
	const base = {
		image: facts.raw,
		...(image.container ? {container: image.container} : {}),
		platform,
		...(facts.digest ? {digest: facts.digest} : {}),
		imagePlatforms: facts.platforms.map(formatPlatform),
		imageSource: image.source,
	};
	if (facts.unknownReason) return {...base, outcome: 'unknown', code: 'EXD900', message: `Could not read ${facts.raw}: ${facts.unknownReason}`};
	const holds = facts.platforms.map(formatPlatform).join(', ') || 'no platform';
	if (target.singlePlatformOnly && facts.kind === 'index') {
		return {
			...base,
			outcome: 'does-not-fit',
			code: 'EXD106',
			message: `${facts.raw} is a multi-platform index (${holds}); ${target.name} takes a single-platform image only.`,
		};
	}
	if (!facts.platforms.some(candidate => runsOn(candidate, needed))) {
		const code: FindingCode = image.sidecar ? 'EXD104' : facts.kind === 'index' ? 'EXD102' : 'EXD101';
		const what = facts.kind === 'index' ? `is an index of ${holds}, without` : `holds only ${holds}, not`;
		const runsThere = target.kind === 'platforms' ? '' : `, which ${target.name} runs on`;
		return {
			...base,
			outcome: 'does-not-fit',
			code,
			message: `${image.container ? `Container ${image.container}: ` : ''}${facts.raw} ${what} ${platform}${runsThere}.`,
		};
	}
	const bytes = image.bytes?.get(platform);
	const bytesFacts = bytes
		? {
				bytes: {
					...(bytes.finding?.file ? {path: bytes.finding.file.path} : {}),
					...(bytes.finding?.cause ? {found: bytes.finding.cause} : {}),
					...(bytes.unread ? {unread: bytes.unread} : {}),
				},
			}
		: {};
	if (bytes?.finding?.verdict === 'architecture-mismatch') {
		return {
			...base,
			...bytesFacts,
			outcome: 'does-not-fit',
			code: 'EXD103',
			message: bytes.finding.cause ?? `${facts.raw} says ${platform}, but its files are for another machine.`,
		};
	}
	if (bytes?.finding?.verdict === 'not-architecture' && bytes.finding.cause) {
		return {
			...base,
			...bytesFacts,
			outcome: 'does-not-fit',
			code: 'EXD201',
			message: `${facts.raw} holds ${platform}, but ${bytes.finding.cause ?? 'the program it starts cannot be executed'}`,
		};
	}
	const checked = bytes?.finding ? `, and its program ${bytes.finding.file.path} can run there` : '';
	return {...base, ...bytesFacts, outcome: 'fits', message: `${facts.raw} holds ${platform}${checked}.`};
}

/** Every image against every platform the target needs; which results fail the gate is `failOn`'s choice. */
export function checkReport(target: CheckTarget, images: readonly CheckedImage[], failOn?: readonly FindingCode[]): CheckReport {
	const summary = {kind: target.kind, name: target.name, platforms: target.platforms.map(formatPlatform), source: target.source};
	if (target.unknownReason) {
		return {schemaVersion: 1, command: 'check', target: summary, results: [], outcome: 'could-not-check', message: `Could not check: ${target.unknownReason}`};
	}
	const results = images.flatMap(image => target.platforms.map(platform => judgeFit(image, platform, target)));
	const failing = results.filter(result => result.outcome === 'does-not-fit' && (!failOn || (result.code && failOn.includes(result.code))));
	const unknown = results.filter(result => result.outcome === 'unknown');
	const outcome = failing.length > 0 ? 'does-not-fit' : unknown.length > 0 || results.length === 0 ? 'could-not-check' : 'fits';
	const message =
		outcome === 'fits'
			? `Fits: ${images.length === 1 ? images[0]!.facts.raw : `every image`} runs on ${summary.platforms.join(' and ')} (${target.name}).`
			: outcome === 'does-not-fit'
				? `Does not fit: ${failing.map(result => `${result.code} ${findingCodes[result.code!].slug}`).join(', ')}.`
				: results.length === 0
					? 'Could not check: there is no image to check.'
					: `Could not check: ${unknown[0]!.message}`;
	return {schemaVersion: 1, command: 'check', target: summary, results, outcome, message};
}

export function checkExitCode(report: CheckReport): number {
	return report.outcome === 'fits' ? 0 : report.outcome === 'does-not-fit' ? 1 : 2;
}
