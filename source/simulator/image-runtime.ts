import {gunzipSync} from 'node:zlib';
import {parseConfigBlob, parseManifest, platformsOfIndex} from '../registry/manifest.js';
import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import type {SimRepository} from './model.js';

/** What happens when a container runtime of `platform` pulls and starts an image. */
export type RuntimeOutcome =
	| {readonly kind: 'runs'; readonly digest?: string}
	| {readonly kind: 'pull-failed'; readonly reason: string; readonly digest?: string}
	| {readonly kind: 'exec-format-error'; readonly path: string; readonly digest: string};

function readTarFirstFile(gzipped: Buffer): string | undefined {
	try {
		const tar = gunzipSync(gzipped);
		const size = Number.parseInt(tar.subarray(124, 135).toString('ascii'), 8);
		if (!Number.isFinite(size)) return undefined;
		return tar.subarray(512, 512 + size).toString('utf8');
	} catch {
		return undefined;
	}
}

type ManifestContent = {platform: Platform; entrypoint: string; entrypointFile?: string};

function readManifestContent(repository: SimRepository, body: string): ManifestContent | undefined {
	const manifest = parseManifest(body);
	if (manifest.kind !== 'manifest') return undefined;
	const config = repository.blobs.get(manifest.configDigest);
	if (!config) return undefined;
	const parsedConfig = parseConfigBlob(config.toString('utf8'));
	if (parsedConfig.kind !== 'config') return undefined;
	const document = JSON.parse(config.toString('utf8')) as {config?: {Entrypoint?: string[]; Cmd?: string[]}};
	const entrypoint = document.config?.Entrypoint?.[0] ?? document.config?.Cmd?.[0] ?? '/bin/sh';
	const layerDigest = (JSON.parse(body) as {layers?: {digest: string}[]}).layers?.[0]?.digest;
	const layer = layerDigest ? repository.blobs.get(layerDigest) : undefined;
	const entrypointFile = layer ? readTarFirstFile(layer) : undefined;
	return {platform: parsedConfig.platform, entrypoint, ...(entrypointFile === undefined ? {} : {entrypointFile})};
}

/**
 * Pulls `image` (already resolved to `digest` when the deployment pinned one) for `platform`
 * and starts it, the way containerd and runc would on ECS or App Runner.
 */
export function runImage(account: SimAccount, image: string, digest: string | undefined, platform: Platform): RuntimeOutcome {
	const reference = digest ? `${image.split('@')[0]!.replace(/:[^/:]+$/, '')}@${digest}` : image;
	const found = account.lookupImage(reference);
	if (!found) {
		if (account.lookupImage(image) === undefined && image.includes('.dkr.ecr.')) {
			return {
				kind: 'pull-failed',
				reason: `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`,
			};
		}
		return {kind: 'runs'};
	}
	const {repository, manifest} = found;
	let selectedBody = manifest.body;
	const parsed = parseManifest(manifest.body, manifest.mediaType);
	if (parsed.kind === 'index') {
		const match = platformsOfIndex(parsed.entries).runnable.find(entry => runsOn(entry.platform, platform));
		if (!match) {
			return {
				kind: 'pull-failed',
				digest: manifest.digest,
				reason: `CannotPullContainerError: pull image manifest has been retried 5 time(s): image Manifest does not contain descriptor matching platform '${formatPlatform(platform)}'`,
			};
		}
		const child = repository.manifests.get(match.digest);
		if (!child) return {kind: 'pull-failed', digest: manifest.digest, reason: `CannotPullContainerError: failed to fetch ${match.digest}: not found`};
		selectedBody = child.body;
	}
	const content = readManifestContent(repository, selectedBody);
	if (!content) return {kind: 'runs', digest: manifest.digest};
	const wrongArchitecture = !runsOn(content.platform, platform);
	const scriptWithoutShebang =
		content.entrypointFile !== undefined && !content.entrypointFile.startsWith('#!') && !content.entrypointFile.startsWith('\u007FELF');
	if (wrongArchitecture || scriptWithoutShebang) return {kind: 'exec-format-error', path: content.entrypoint, digest: manifest.digest};
	return {kind: 'runs', digest: manifest.digest};
}

export function execFormatErrorLine(account: SimAccount, path: string): string {
	return account.runc === 'old' ? 'standard_init_linux.go:228: exec user process caused: exec format error' : `exec ${path}: exec format error`;
}
