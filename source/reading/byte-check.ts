/**
 * When the labels cannot explain an exec format error (image and runtime agree, or the verdict
 * would be unknown), read the bytes of the file that failed: the path in the log line, else the
 * program the container starts, found on its PATH.
 */
import type {Case} from '../diagnosis/correlate.js';
import {interpreterPaths, judgeBytes, type ByteCheck} from '../diagnosis/binary-evidence.js';
import type {CaseSubject} from '../diagnosis/finding.js';
import {execFormatErrorPath} from '../diagnosis/signatures.js';
import {candidatePaths} from '../registry/image-fs.js';
import type {ImageRunConfig} from '../registry/manifest.js';
import type {ImageReader, RunnableImage} from './image-reader.js';
import type {Platform} from '../registry/platform.js';
import type {LayerReader} from './layer-reader.js';

/** argv[0] as the runtime computes it: the workload's entryPoint or command, else the image's. */
export function programOf(config: ImageRunConfig, override: {entryPoint?: readonly string[]; command?: readonly string[]} = {}): string | undefined {
	const entrypoint = override.entryPoint ?? config.entrypoint;
	const command = override.command ?? config.cmd;
	return entrypoint?.[0] ?? command?.[0];
}

const pathOf = (config: ImageRunConfig) => config.env?.find(variable => variable.startsWith('PATH='))?.slice('PATH='.length);

export async function checkBytes(item: Case, subject: CaseSubject, images: ImageReader, layers: LayerReader): Promise<ByteCheck> {
	const needed = subject.runtime.platform;
	if (!needed) return {unread: 'the platform the workload needs is unknown'};
	const runnable = await images.runnable(subject.image, needed);
	if ('reason' in runnable) return {unread: runnable.reason};
	const logged = item.evidence
		.filter(entry => entry.kind === 'log-line' && (!subject.containerName || !entry.containerName || entry.containerName === subject.containerName))
		.map(entry => execFormatErrorPath(entry.message))
		.find(Boolean);
	const declared = subject.definition?.containers.find(container => container.name === subject.containerName);
	const program = logged ?? programOf(runnable.config, declared ?? {});
	if (!program) return {unread: 'neither a log line nor the image names the program the container starts'};
	return readProgram(runnable, program, needed, subject.image.platforms, layers);
}

/** The program's file (on the image's PATH), and a script's interpreter, read from the layers and judged for `needed`. */
export async function readProgram(
	runnable: RunnableImage,
	program: string,
	needed: Platform,
	label: readonly Platform[],
	layers: LayerReader,
): Promise<ByteCheck> {
	const candidates = candidatePaths(program, {
		...(pathOf(runnable.config) ? {path: pathOf(runnable.config)!} : {}),
		...(runnable.config.workingDir ? {workingDir: runnable.config.workingDir} : {}),
	});
	const read = await layers.read(runnable, candidates, settled => candidates.flatMap(path => interpreterPaths(path, settled)));
	const facts = {bytesRead: read.bytesRead, layersRead: read.layersRead, layersTotal: read.layersTotal};
	// The runtime runs the first candidate that exists.
	const chosen = candidates.find(path => {
		const resolution = read.resolutions.get(path);
		return resolution && 'found' in resolution;
	});
	const path = chosen ?? candidates[0]!;
	const finding = judgeBytes({path, resolutions: read.resolutions, needed, label});
	if (!finding) {
		const resolution = read.resolutions.get(path);
		const why = read.stopped ?? (resolution && 'missing' in resolution ? resolution.missing : `${path} could not be read`);
		return {read: facts, unread: why};
	}
	return {finding, read: facts, ...(read.stopped ? {unread: read.stopped} : {})};
}
