/**
 * Reads the files an exec format error is about, from the image's layers in ECR: top layer
 * first, each streamed (HTTP GET, gunzip or zstd, tar) and stopped as soon as every path asked
 * for is settled, within a byte budget. Only the first kilobyte of executable files is kept.
 */
import {createGunzip, createZstdDecompress} from 'node:zlib';
import {Readable} from 'node:stream';
import {Parser, type ReadEntry} from 'tar';
import {isAwsError} from '../errors.js';
import type {AccountPort} from '../ports/account.js';
import {headBytes} from '../registry/binary.js';
import {addEntry, emptyLayer, resolvePath, type LayerEntry, type LayerIndex, type Resolution} from '../registry/image-fs.js';
import type {RunnableImage} from './image-reader.js';

export {defaultLayerBudgetBytes} from './layer-budget.js';

export type LayerRead = {
	/** Each path asked for, settled: found, missing, or still pending when reading stopped. */
	readonly resolutions: ReadonlyMap<string, Resolution>;
	/** Compressed bytes downloaded, and layers opened, of how many. */
	readonly bytesRead: number;
	readonly layersRead: number;
	readonly layersTotal: number;
	/** Why reading stopped before every path was settled. */
	readonly stopped?: string;
};

export type LayerProgress = (bytesRead: number, layersRead: number, layersTotal: number) => void;

/** Layers are gzip (Docker and most OCI), zstd (OCI `+zstd`) or plain tar. */
function decompressorFor(mediaType: string) {
	if (/zstd/.test(mediaType)) return createZstdDecompress();
	if (/gzip/.test(mediaType) || mediaType === '') return createGunzip();
	return undefined;
}

function entryOf(entry: ReadEntry): LayerEntry {
	switch (entry.type) {
		case 'File':
		case 'OldFile':
		case 'ContiguousFile': {
			return {type: 'file', size: entry.size ?? 0, mode: entry.mode ?? 0};
		}
		case 'Directory': {
			return {type: 'directory'};
		}
		case 'SymbolicLink': {
			return {type: 'symlink', target: entry.linkpath ?? ''};
		}
		case 'Link': {
			return {type: 'hardlink', target: entry.linkpath ?? ''};
		}
		default: {
			return {type: 'other'};
		}
	}
}

export class LayerReader {
	constructor(
		private readonly port: Pick<AccountPort, 'openBlob'>,
		private readonly options: {readonly budgetBytes: number; readonly onProgress?: LayerProgress},
	) {}

	/**
	 * Settles each of `paths` in the merged view of the image's layers. `more` is asked after each
	 * layer for paths that depend on what was found (a script's interpreter).
	 */
	async read(
		image: RunnableImage,
		paths: readonly string[],
		more: (settled: ReadonlyMap<string, Resolution>) => readonly string[] = () => [],
	): Promise<LayerRead> {
		const wanted = new Set(paths);
		const layers: LayerIndex[] = [];
		const topDown = [...image.layers].reverse();
		let bytesRead = 0;
		let layersRead = 0;
		// Layers not opened yet stand behind the ones read: a path absent so far may be in them.
		const unread = emptyLayer('unread');
		const settle = () => {
			const view = layersRead < topDown.length ? [...layers, unread] : layers;
			const resolutions = new Map<string, Resolution>();
			for (const path of wanted) resolutions.set(path, resolvePath(view, path));
			return resolutions;
		};
		const unsettled = (resolutions: ReadonlyMap<string, Resolution>) => [...resolutions.values()].some(resolution => 'pending' in resolution);
		const grow = () => {
			for (const path of more(settle())) wanted.add(path);
		};
		let stopped: string | undefined;
		for (const descriptor of topDown) {
			grow();
			if (!unsettled(settle())) break;
			if (bytesRead >= this.options.budgetBytes) {
				stopped = `the byte budget of ${Math.round(this.options.budgetBytes / 1024 / 1024)} MiB was spent (--max-layer-bytes)`;
				break;
			}
			const layer = emptyLayer(descriptor.digest);
			layers.push(layer);
			layersRead++;
			const outcome = await this.readLayer(image, descriptor, layer, wanted, bytesRead, read => {
				bytesRead = read;
				this.options.onProgress?.(bytesRead, layersRead, topDown.length);
				// Settled mid-layer: the rest of it cannot change what was found above it.
				grow();
				return !unsettled(settle());
			});
			if (outcome !== 'done') {
				stopped = outcome;
				break;
			}
		}
		grow();
		return {resolutions: settle(), bytesRead, layersRead, layersTotal: topDown.length, ...(stopped && unsettled(settle()) ? {stopped} : {})};
	}

	/** Streams one layer into `layer`; `progress` says after each chunk whether enough is known to stop. */
	private async readLayer(
		image: RunnableImage,
		descriptor: RunnableImage['layers'][number],
		layer: LayerIndex,
		wanted: ReadonlySet<string>,
		bytesBefore: number,
		progress: (bytesRead: number) => boolean,
	): Promise<'done' | string> {
		const short = `${descriptor.digest.slice(0, 19)}…`;
		const abort = new AbortController();
		const parser = new Parser({});
		parser.on('entry', (entry: ReadEntry) => {
			const indexed = entryOf(entry);
			const path = `/${entry.path.replace(/^\.?\/+/, '')}`.replace(/\/$/, '');
			// The first kilobyte of every executable: a symlink or a #! line may point at any of them.
			if (indexed.type === 'file' && ((indexed.mode & 0o111) !== 0 || wanted.has(path))) {
				const chunks: Buffer[] = [];
				let kept = 0;
				entry.on('data', (chunk: Buffer) => {
					if (kept < headBytes) chunks.push(chunk.subarray(0, headBytes - kept));
					kept += chunk.length;
				});
				entry.on('end', () => addEntry(layer, entry.path, {...indexed, head: new Uint8Array(Buffer.concat(chunks))}));
			} else {
				addEntry(layer, entry.path, indexed);
				entry.resume();
			}
		});
		const {budgetBytes} = this.options;
		let bytesRead = bytesBefore;
		let overBudget = false;
		try {
			// The layers are in the ECR that holds the image, in its region.
			const body = await (image.port ?? this.port).openBlob(image.registryId, image.repository, descriptor.digest, abort.signal);
			async function* counted() {
				for await (const chunk of body) {
					bytesRead += chunk.byteLength;
					yield chunk;
					if (bytesRead >= budgetBytes) {
						overBudget = true;
						return;
					}
				}
			}
			const decompress = decompressorFor(descriptor.mediaType);
			const tar = decompress ? Readable.from(counted()).pipe(decompress) : Readable.from(counted());
			try {
				for await (const chunk of tar) {
					parser.write(chunk as Buffer);
					if (progress(bytesRead)) return 'done';
				}
			} catch (error) {
				// A download cut at the budget ends the gzip stream early: that is the budget, not a broken layer.
				if (!overBudget) throw error;
			}
			if (overBudget) return `the byte budget of ${Math.round(budgetBytes / 1024 / 1024)} MiB was spent in layer ${short} (--max-layer-bytes)`;
			parser.end();
			layer.complete = true;
			progress(bytesRead);
			return 'done';
		} catch (error) {
			if (isAwsError(error) && (error.kind === 'credentials' || error.kind === 'region')) throw error;
			return `reading layer ${short} failed: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			abort.abort();
		}
	}
}
