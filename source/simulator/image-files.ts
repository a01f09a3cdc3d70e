/**
 * The simulated runtime reads an image's files as containerd and runc would: layers merged
 * top-down (whiteouts, symlinks), the entrypoint found on PATH, and its first bytes judged by
 * the kernel's rules. So an image's label does not decide whether it runs: its files do.
 */
import {gunzipSync} from 'node:zlib';
import {Parser, type ReadEntry} from 'tar';
import {classifyFile} from '../registry/binary.js';
import {addEntry, candidatePaths, emptyLayer, resolvePath, type LayerEntry, type LayerIndex, type Resolution} from '../registry/image-fs.js';
import type {ImageRunConfig} from '../registry/manifest.js';
import {runsOn, type Platform} from '../registry/platform.js';

/** One layer, indexed whole (simulated layers are small). */
export function indexLayer(digest: string, gzipped: Buffer): LayerIndex {
	const layer = emptyLayer(digest);
	const parser = new Parser({});
	parser.on('entry', (entry: ReadEntry) => {
		const chunks: Buffer[] = [];
		entry.on('data', (chunk: Buffer) => chunks.push(chunk));
		entry.on('end', () => {
			const indexed: LayerEntry =
				entry.type === 'File' || entry.type === 'OldFile'
					? {type: 'file', size: entry.size ?? 0, mode: entry.mode ?? 0, head: new Uint8Array(Buffer.concat(chunks).subarray(0, 1024))}
					: entry.type === 'Directory'
						? {type: 'directory'}
						: entry.type === 'SymbolicLink'
							? {type: 'symlink', target: entry.linkpath ?? ''}
							: entry.type === 'Link'
								? {type: 'hardlink', target: entry.linkpath ?? ''}
								: {type: 'other'};
			addEntry(layer, entry.path, indexed);
		});
	});
	parser.end(gunzipSync(gzipped));
	layer.complete = true;
	return layer;
}

export type ExecOutcome =
	{readonly kind: 'runs'} | {readonly kind: 'exec-format-error'; readonly path: string} | {readonly kind: 'no-such-file'; readonly path: string};

const found = (resolution: Resolution | undefined) => (resolution && 'found' in resolution ? resolution.found.entry : undefined);

/** What happens when the container's first process is exec'd on a `platform` kernel. */
export function execOutcome(layers: readonly LayerIndex[], config: ImageRunConfig, platform: Platform): ExecOutcome {
	const program = config.entrypoint?.[0] ?? config.cmd?.[0] ?? '/bin/sh';
	const path = config.env?.find(variable => variable.startsWith('PATH='))?.slice(5);
	const candidates = candidatePaths(program, {...(path ? {path} : {}), ...(config.workingDir ? {workingDir: config.workingDir} : {})});
	const file = candidates.map(candidate => found(resolvePath(layers, candidate))).find(Boolean);
	if (!file?.head) return {kind: 'no-such-file', path: program};
	const kind = classifyFile(file.head);
	if (kind.kind === 'elf') return kind.platform && runsOn(kind.platform, platform) ? {kind: 'runs'} : {kind: 'exec-format-error', path: program};
	if (kind.kind === 'script') {
		// `#!/bin/sh\r` names a file that does not exist: ENOENT, not ENOEXEC.
		const interpreter = found(resolvePath(layers, kind.interpreter));
		if (!interpreter?.head) return {kind: 'no-such-file', path: program};
		const interpreterKind = classifyFile(interpreter.head);
		if (interpreterKind.kind === 'elf' && !(interpreterKind.platform && runsOn(interpreterKind.platform, platform)))
			return {kind: 'exec-format-error', path: program};
		return interpreterKind.kind === 'elf' || interpreterKind.kind === 'script' ? {kind: 'runs'} : {kind: 'exec-format-error', path: program};
	}
	return {kind: 'exec-format-error', path: program};
}
