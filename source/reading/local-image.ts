/**
 * Images that are not in a registry: an OCI image layout directory (`index.json`, `blobs/`), or a
 * `docker save` tarball (an OCI layout inside, since Docker 25; a `manifest.json` before). Read
 * the way ECR images are: the index's entries, else the config blob's platform; and, for the
 * bytes, a layer opened by its digest.
 */
import {createReadStream, existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {Parser, type ReadEntry} from 'tar';
import type {ImageFacts} from '../diagnosis/facts.js';
import {mediaTypes} from '../registry/media-types.js';
import {parseConfigBlob, parseManifest, parseRunConfig, platformsOfIndex, type LayerDescriptor} from '../registry/manifest.js';
import {runsOn, type Platform} from '../registry/platform.js';
import type {RunnableImage} from './image-reader.js';

/** Where an image's blobs are: files of a directory, or entries of a tarball. */
type BlobStore = {
	readonly label: string;
	/** A small blob whole (index, manifest, config): undefined when absent. */
	read(name: string): Promise<Buffer | undefined>;
	/** A layer as it streams. */
	open(name: string): Promise<AsyncIterable<Uint8Array>>;
};

const blobName = (digest: string) => `blobs/${digest.replace(':', '/')}`;

function directoryStore(directory: string): BlobStore {
	return {
		label: `the OCI layout ${directory}`,
		read: async name => {
			const file = path.join(directory, name);
			return existsSync(file) ? readFileSync(file) : undefined;
		},
		open: async name => createReadStream(path.join(directory, name)),
	};
}

/** Small entries of a tarball are kept on the first pass; a layer is streamed from a second. */
const smallEntryBytes = 4 * 1024 * 1024;

async function tarballStore(file: string): Promise<BlobStore> {
	const small = new Map<string, Buffer>();
	await new Promise<void>((resolve, reject) => {
		const parser = new Parser({
			onReadEntry: (entry: ReadEntry) => {
				if (entry.type !== 'File' || entry.size > smallEntryBytes) return entry.resume();
				const chunks: Buffer[] = [];
				entry.on('data', (chunk: Buffer) => chunks.push(chunk));
				entry.on('end', () => small.set(path.posix.normalize(entry.path), Buffer.concat(chunks)));
			},
		});
		parser.on('end', resolve);
		parser.on('error', reject);
		createReadStream(file).on('error', reject).pipe(parser);
	});
	return {
		label: `the tarball ${file}`,
		read: async name => small.get(path.posix.normalize(name)),
		open: async name => {
			const wanted = path.posix.normalize(name);
			const cached = small.get(wanted);
			if (cached) return Readable.from([cached]);
			const output = new Readable({read() {}});
			const parser = new Parser({
				onReadEntry: (entry: ReadEntry) => {
					if (path.posix.normalize(entry.path) !== wanted) return entry.resume();
					entry.on('data', (chunk: Buffer) => output.push(chunk));
					entry.on('end', () => output.push(null));
				},
			});
			parser.on('error', error => output.destroy(error));
			createReadStream(file).pipe(parser);
			return output;
		},
	};
}

export type LocalImage = {
	readonly facts: ImageFacts;
	readonly source: string;
	runnable(platform: Platform): Promise<RunnableImage | {readonly reason: string}>;
};

const unknown = (raw: string, source: string, reason: string): LocalImage => ({
	facts: {raw, platforms: [], attestationCount: 0, unknownReason: reason},
	source,
	runnable: async () => ({reason}),
});

function json(buffer: Buffer | undefined): unknown {
	if (!buffer) return undefined;
	try {
		return JSON.parse(buffer.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** One image manifest of the store: its layers and run config, ready for the layer reader. */
async function runnableOf(store: BlobStore, digest: string, label: string): Promise<RunnableImage | {readonly reason: string}> {
	const body = await store.read(blobName(digest));
	const manifest = body ? parseManifest(body.toString('utf8')) : undefined;
	if (!manifest || manifest.kind !== 'manifest') return {reason: `${label} has no image manifest ${digest}`};
	const config = await store.read(blobName(manifest.configDigest));
	if (!config) return {reason: `${label} has no config blob ${manifest.configDigest}`};
	return {
		port: {openBlob: (_registry, _repository, layer) => store.open(blobName(layer))},
		registryId: 'local',
		repository: label,
		digest,
		layers: manifest.layers,
		config: parseRunConfig(config.toString('utf8')),
	};
}

async function fromOciLayout(store: BlobStore, raw: string): Promise<LocalImage> {
	const index = json(await store.read('index.json')) as {manifests?: {digest?: string; mediaType?: string}[]} | undefined;
	const top = index?.manifests?.[0];
	if (!top?.digest) return unknown(raw, store.label, `${store.label} has no index.json naming an image`);
	const body = await store.read(blobName(top.digest));
	if (!body) return unknown(raw, store.label, `${store.label} has no blob ${top.digest}`);
	const parsed = parseManifest(body.toString('utf8'), top.mediaType);
	if (parsed.kind === 'index') {
		const {runnable, attestationCount} = platformsOfIndex(parsed.entries);
		return {
			facts: {
				raw,
				digest: top.digest,
				kind: 'index',
				platforms: runnable.map(entry => entry.platform),
				entries: runnable,
				attestationCount,
				platformSource: `the index in ${store.label}`,
			},
			source: store.label,
			runnable: async platform => {
				const entry = runnable.find(candidate => runsOn(candidate.platform, platform));
				return entry ? runnableOf(store, entry.digest, store.label) : {reason: 'the index has no entry for that platform'};
			},
		};
	}
	if (parsed.kind !== 'manifest') return unknown(raw, store.label, `${top.digest} in ${store.label} is not an image`);
	const config = parseConfigBlob((await store.read(blobName(parsed.configDigest)))?.toString('utf8') ?? '');
	if (config.kind !== 'config') return unknown(raw, store.label, config.reason);
	return {
		facts: {raw, digest: top.digest, kind: 'manifest', platforms: [config.platform], attestationCount: 0, platformSource: `its config blob in ${store.label}`},
		source: store.label,
		runnable: async () => runnableOf(store, top.digest!, store.label),
	};
}

/** A `docker save` from before Docker 25: `manifest.json` names each image's config and uncompressed layer tars. */
async function fromDockerArchive(store: BlobStore, raw: string): Promise<LocalImage> {
	const manifest = json(await store.read('manifest.json')) as {Config?: string; Layers?: string[]}[] | undefined;
	const first = manifest?.[0];
	if (!first?.Config) return unknown(raw, store.label, `${store.label} has neither index.json nor manifest.json: not an image archive`);
	const config = parseConfigBlob((await store.read(first.Config))?.toString('utf8') ?? '');
	if (config.kind !== 'config') return unknown(raw, store.label, config.reason);
	const body = (await store.read(first.Config))!.toString('utf8');
	const layers: LayerDescriptor[] = (first.Layers ?? []).map(layer => ({digest: layer, mediaType: mediaTypes.dockerLayerTar, size: 0}));
	return {
		facts: {raw, kind: 'manifest', platforms: [config.platform], attestationCount: 0, platformSource: `its config in ${store.label}`},
		source: store.label,
		runnable: async () => ({
			port: {openBlob: (_registry, _repository, layer) => store.open(layer)},
			registryId: 'local',
			repository: store.label,
			digest: first.Config!,
			layers,
			config: parseRunConfig(body),
		}),
	};
}

/** Whether `value` names an image on disk rather than in a registry. */
export function isImageOnDisk(value: string): boolean {
	return existsSync(value);
}

export async function readImageOnDisk(location: string): Promise<LocalImage> {
	const raw = location;
	try {
		if (statSync(location).isDirectory()) return await fromOciLayout(directoryStore(location), raw);
		const store = await tarballStore(location);
		return (await store.read('index.json')) ? await fromOciLayout(store, raw) : await fromDockerArchive(store, raw);
	} catch (error) {
		return unknown(raw, location, `could not read ${location}: ${error instanceof Error ? error.message : String(error)}`);
	}
}
