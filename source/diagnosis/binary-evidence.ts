/**
 * What the bytes of the file that failed say, when the labels cannot explain the error: an ELF
 * for another machine than the image claims (a cross-build with the wrong label), a script
 * without `#!`, a macOS or Windows binary, an empty file, an HTML page; or that the file and its
 * interpreter are right, so the cause is elsewhere.
 */
import {classifyFile, describeFile, type FileKind} from '../registry/binary.js';
import type {Resolution} from '../registry/image-fs.js';
import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import type {FileReport, Verdict} from './types.js';

/** One file read from an image: as the report shows it. */
export type FileFacts = FileReport;

/** What reading the bytes gave: a finding, how much was read, and why reading stopped short. */
export type ByteCheck = {
	readonly finding?: BinaryFinding;
	readonly read?: {readonly bytesRead: number; readonly layersRead: number; readonly layersTotal: number};
	/** Why the bytes were not read, or not to the end. */
	readonly unread?: string;
};

export type BinaryFinding = {
	readonly verdict: Extract<Verdict, 'architecture-mismatch' | 'not-architecture'>;
	/** The cause found, in one sentence; absent when the bytes rule causes out but find none. */
	readonly cause?: string;
	readonly file: FileFacts;
	readonly interpreter?: FileFacts;
};

function factsOf(path: string, resolution: Resolution | undefined): {facts: FileFacts; kind?: FileKind} {
	if (!resolution || 'pending' in resolution) return {facts: {path, via: [], missing: `${path} could not be reached within what was read`}};
	if ('missing' in resolution) return {facts: {path, via: resolution.via, missing: resolution.missing}};
	const {found} = resolution;
	const kind = found.entry.head ? classifyFile(found.entry.head) : undefined;
	return {
		facts: {
			path,
			...(found.path !== path ? {resolvedPath: found.path} : {}),
			via: resolution.via,
			...(kind ? {description: describeFile(kind)} : {}),
			...(kind?.kind === 'elf' && kind.platform ? {platform: formatPlatform(kind.platform)} : {}),
			layer: found.layer,
		},
		...(kind ? {kind} : {}),
	};
}

const named = (facts: FileFacts) => (facts.resolvedPath ? `${facts.path} (→ ${facts.resolvedPath})` : facts.path);

/** The program a script names, for `#!/usr/bin/env python3`: env's argument, else the interpreter itself. */
export function interpreterProgram(kind: FileKind | undefined): string | undefined {
	if (kind?.kind !== 'script') return undefined;
	return kind.interpreter;
}

/**
 * The verdict the bytes give, or undefined when they settle nothing (the file could not be read).
 * `label` is what the image's config says; `needed` what the workload runs on.
 */
export function judgeBytes(input: {
	readonly path: string;
	readonly resolutions: ReadonlyMap<string, Resolution>;
	readonly needed: Platform;
	readonly label: readonly Platform[];
}): BinaryFinding | undefined {
	const {path, resolutions, needed} = input;
	const program = factsOf(path, resolutions.get(path));
	if (!program.kind) return undefined;
	const label = input.label.map(formatPlatform).join(', ') || 'no platform';
	const kind = program.kind;
	const file = program.facts;
	const isNot = (cause: string): BinaryFinding => ({verdict: 'not-architecture', cause, file});
	switch (kind.kind) {
		case 'elf': {
			if (kind.platform && runsOn(kind.platform, needed)) return {verdict: 'not-architecture', file};
			return {
				verdict: 'architecture-mismatch',
				cause: `${input.label.length > 0 ? `The image says ${label}, but ` : ''}${named(file)} is ${anArticle(describeFile(kind))}: the kernel of a ${formatPlatform(needed)} host cannot run it.`,
				file,
			};
		}
		case 'script': {
			const interpreterPath = kind.interpreter;
			const interpreter = factsOf(interpreterPath, resolutions.get(interpreterPath));
			const withInterpreter = {file, interpreter: interpreter.facts};
			if (interpreter.kind?.kind === 'elf' && !(interpreter.kind.platform && runsOn(interpreter.kind.platform, needed))) {
				return {
					verdict: 'architecture-mismatch',
					cause: `${input.label.length > 0 ? `The image says ${label}, but the` : 'The'} interpreter ${named(interpreter.facts)} that ${file.path}'s #! line names is ${anArticle(describeFile(interpreter.kind))}: the kernel of a ${formatPlatform(needed)} host cannot run it.`,
					...withInterpreter,
				};
			}
			if (interpreter.kind && interpreter.kind.kind !== 'elf' && interpreter.kind.kind !== 'script') {
				return {
					verdict: 'not-architecture',
					cause: `${file.path}'s #! line names ${named(interpreter.facts)}, which is ${describeFile(interpreter.kind)}, not a program.`,
					...withInterpreter,
				};
			}
			// A missing interpreter fails with "no such file or directory", not exec format error.
			return {verdict: 'not-architecture', ...withInterpreter};
		}
		case 'text': {
			return isNot(`${named(file)} is a script without a #! first line: the kernel cannot tell which interpreter runs it.`);
		}
		case 'html': {
			return isNot(`${named(file)} is an HTML page, not a program: a download that failed (a 404 or a login page) was saved in its place.`);
		}
		case 'empty': {
			return isNot(`${named(file)} is empty: a build step or a download that failed left no program there.`);
		}
		case 'mach-o': {
			return isNot(`${named(file)} is ${describeFile(kind)}: a program built for macOS, copied into a Linux image.`);
		}
		case 'pe': {
			return isNot(`${named(file)} is ${describeFile(kind)}: a program built for Windows, copied into a Linux image.`);
		}
		case 'data': {
			return isNot(`${named(file)} is ${describeFile(kind)}: not a program the kernel can run.`);
		}
	}
}

function anArticle(words: string): string {
	return /^[aeiou]/i.test(words) ? `an ${words}` : `a ${words}`;
}

/** The paths worth reading for a script's interpreter, once the script itself was read. */
export function interpreterPaths(path: string, resolutions: ReadonlyMap<string, Resolution>): string[] {
	const resolution = resolutions.get(path);
	if (!resolution || !('found' in resolution) || !resolution.found.entry.head) return [];
	const program = interpreterProgram(classifyFile(resolution.found.entry.head));
	return program?.startsWith('/') ? [program] : [];
}
