import {isIndexMediaType, isImageManifestMediaType, isSchema1MediaType, mediaTypes} from './media-types.js';
import {isUnknownPlatform, makePlatform, type Platform} from './platform.js';

export type IndexEntry = {
	readonly digest: string;
	readonly mediaType?: string;
	readonly platform?: Platform;
	readonly isAttestation: boolean;
};

export type ParsedManifest =
	| {
			readonly kind: 'index';
			readonly mediaType: string;
			readonly entries: readonly IndexEntry[];
	  }
	| {
			readonly kind: 'manifest';
			readonly mediaType: string;
			readonly configDigest: string;
			readonly configMediaType?: string;
			readonly artifactType?: string;
			readonly layerCount: number;
			/** Bottom layer first, as the manifest lists them. */
			readonly layers: readonly LayerDescriptor[];
	  }
	| {
			// Deprecated schema 1 carries its architecture in the manifest itself.
			readonly kind: 'schema1';
			readonly mediaType: string;
			readonly platform?: Platform;
	  }
	| {
			readonly kind: 'malformed';
			readonly reason: string;
	  };

export type LayerDescriptor = {readonly digest: string; readonly mediaType: string; readonly size: number};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const digestPattern = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** The registered algorithms fix their encoding: sha256 is 64 lowercase hex digits, sha512 128 (OCI image spec). */
const registeredDigests: Record<string, RegExp> = {sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/};

export function isDigest(value: unknown): value is string {
	if (typeof value !== 'string' || !digestPattern.test(value)) return false;
	const [algorithm, encoded] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
	return registeredDigests[algorithm]?.test(encoded) ?? true;
}

function readPlatform(value: unknown): Platform | undefined {
	if (!isObject(value)) return undefined;
	const {os, architecture, variant} = value;
	if (typeof os !== 'string' || typeof architecture !== 'string' || !os || !architecture) return undefined;
	return makePlatform(os, architecture, typeof variant === 'string' ? variant : undefined);
}

const attestationReferenceType = 'vnd.docker.reference.type';

function readIndexEntry(value: unknown, position: number): IndexEntry | string {
	if (!isObject(value)) return `entry ${position} of the index is not an object`;
	if (!isDigest(value.digest)) return `entry ${position} of the index has no valid digest`;
	const platform = readPlatform(value.platform);
	const annotations = isObject(value.annotations) ? value.annotations : {};
	const isAttestation =
		annotations[attestationReferenceType] !== undefined || typeof value.artifactType === 'string' || (platform !== undefined && isUnknownPlatform(platform));
	return {
		digest: value.digest,
		...(typeof value.mediaType === 'string' ? {mediaType: value.mediaType} : {}),
		...(platform ? {platform} : {}),
		isAttestation,
	};
}

function parseIndex(document: Json, mediaType: string): ParsedManifest {
	if (!Array.isArray(document.manifests)) return {kind: 'malformed', reason: 'the index has no "manifests" list'};
	const entries: IndexEntry[] = [];
	for (const [position, value] of document.manifests.entries()) {
		const entry = readIndexEntry(value, position);
		if (typeof entry === 'string') return {kind: 'malformed', reason: entry};
		entries.push(entry);
	}
	return {kind: 'index', mediaType, entries};
}

function parseImageManifest(document: Json, mediaType: string): ParsedManifest {
	const config = document.config;
	if (!isObject(config) || !isDigest(config.digest)) {
		return {kind: 'malformed', reason: 'the manifest has no valid "config" descriptor'};
	}
	if (document.layers !== undefined && !Array.isArray(document.layers)) {
		return {kind: 'malformed', reason: 'the manifest\'s "layers" is not a list'};
	}
	return {
		kind: 'manifest',
		mediaType,
		configDigest: config.digest,
		...(typeof config.mediaType === 'string' ? {configMediaType: config.mediaType} : {}),
		...(typeof document.artifactType === 'string' ? {artifactType: document.artifactType} : {}),
		layerCount: Array.isArray(document.layers) ? document.layers.length : 0,
		layers: (Array.isArray(document.layers) ? document.layers : []).flatMap(layer =>
			isObject(layer) && isDigest(layer.digest)
				? [{digest: layer.digest, mediaType: typeof layer.mediaType === 'string' ? layer.mediaType : '', size: typeof layer.size === 'number' ? layer.size : 0}]
				: [],
		),
	};
}

/** What an image config says the container runs, and where it looks for programs. */
export type ImageRunConfig = {
	readonly entrypoint?: readonly string[];
	readonly cmd?: readonly string[];
	readonly env?: readonly string[];
	readonly workingDir?: string;
};

export function parseRunConfig(text: string): ImageRunConfig {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch {
		return {};
	}
	const config = isObject(document) && isObject(document.config) ? document.config : {};
	const strings = (value: unknown) => (Array.isArray(value) && value.every(item => typeof item === 'string') ? (value as string[]) : undefined);
	const entrypoint = strings(config.Entrypoint);
	const cmd = strings(config.Cmd);
	const env = strings(config.Env);
	return {
		...(entrypoint ? {entrypoint} : {}),
		...(cmd ? {cmd} : {}),
		...(env ? {env} : {}),
		...(typeof config.WorkingDir === 'string' && config.WorkingDir ? {workingDir: config.WorkingDir} : {}),
	};
}

/**
 * Reads a manifest or index. `declaredMediaType` is what the registry said it stored
 * (ECR's `imageManifestMediaType`, or a Content-Type); it wins over the body, and when
 * both are absent the shape decides, since old OCI indexes omit `mediaType`.
 */
export function parseManifest(body: string, declaredMediaType?: string): ParsedManifest {
	let document: unknown;
	try {
		document = JSON.parse(body);
	} catch {
		return {kind: 'malformed', reason: 'the manifest is not valid JSON'};
	}
	if (!isObject(document)) return {kind: 'malformed', reason: 'the manifest is not a JSON object'};

	const bodyMediaType = typeof document.mediaType === 'string' ? document.mediaType : undefined;
	const mediaType = declaredMediaType || bodyMediaType;

	if (isSchema1MediaType(mediaType) || (mediaType === undefined && document.schemaVersion === 1)) {
		const architecture = typeof document.architecture === 'string' ? document.architecture : undefined;
		return {
			kind: 'schema1',
			mediaType: mediaType ?? mediaTypes.dockerSchema1,
			...(architecture ? {platform: makePlatform('linux', architecture)} : {}),
		};
	}
	if (isIndexMediaType(mediaType)) return parseIndex(document, mediaType!);
	if (isImageManifestMediaType(mediaType)) return parseImageManifest(document, mediaType!);
	if (mediaType !== undefined) return {kind: 'malformed', reason: `unsupported manifest media type ${mediaType}`};
	if (Array.isArray(document.manifests)) return parseIndex(document, mediaTypes.ociIndex);
	if (isObject(document.config)) return parseImageManifest(document, mediaTypes.ociManifest);
	return {kind: 'malformed', reason: 'the document is neither a manifest nor an index'};
}

export type IndexPlatforms = {
	readonly runnable: readonly {platform: Platform; digest: string}[];
	readonly attestationCount: number;
	/** Entries without a `platform`: OCI allows this, runtimes treat them as any platform. */
	readonly unlabeled: readonly string[];
};

export function platformsOfIndex(entries: readonly IndexEntry[]): IndexPlatforms {
	const runnable: {platform: Platform; digest: string}[] = [];
	const unlabeled: string[] = [];
	let attestationCount = 0;
	for (const entry of entries) {
		if (entry.isAttestation) attestationCount++;
		else if (entry.platform) runnable.push({platform: entry.platform, digest: entry.digest});
		else unlabeled.push(entry.digest);
	}
	return {runnable, attestationCount, unlabeled};
}

export type ParsedConfig = {readonly kind: 'config'; readonly platform: Platform} | {readonly kind: 'malformed'; readonly reason: string};

/** Reads `os`, `architecture` and `variant` from an image config blob. */
export function parseConfigBlob(body: string): ParsedConfig {
	let document: unknown;
	try {
		document = JSON.parse(body);
	} catch {
		return {kind: 'malformed', reason: 'the image config is not valid JSON'};
	}
	if (!isObject(document)) return {kind: 'malformed', reason: 'the image config is not a JSON object'};
	const platform = readPlatform(document);
	if (!platform) return {kind: 'malformed', reason: 'the image config has no "os" and "architecture"'};
	return {kind: 'config', platform};
}
