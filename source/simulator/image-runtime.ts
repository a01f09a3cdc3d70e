import {parseConfigBlob, parseManifest, parseRunConfig, platformsOfIndex, type ImageRunConfig} from '../registry/manifest.js';
import type {LayerIndex} from '../registry/image-fs.js';
import {execOutcome, indexLayer} from './image-files.js';
import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import type {SimRepository} from './model.js';

/** What happens when a container runtime of `platform` pulls and starts an image. */
export type RuntimeOutcome =
	| {readonly kind: 'runs'; readonly digest?: string}
	| {readonly kind: 'pull-failed'; readonly reason: string; readonly digest?: string}
	| {readonly kind: 'exec-format-error'; readonly path: string; readonly digest: string};

type ManifestContent = {platform: Platform; config: ImageRunConfig; layers: LayerIndex[]};

const layerIndexes = new WeakMap<Buffer, LayerIndex>();

function readManifestContent(repository: SimRepository, body: string): ManifestContent | undefined {
	const manifest = parseManifest(body);
	if (manifest.kind !== 'manifest') return undefined;
	const config = repository.blobs.get(manifest.configDigest);
	if (!config) return undefined;
	const parsedConfig = parseConfigBlob(config.toString('utf8'));
	if (parsedConfig.kind !== 'config') return undefined;
	const layers: LayerIndex[] = [];
	for (const descriptor of [...manifest.layers].reverse()) {
		const blob = repository.blobs.get(descriptor.digest);
		if (!blob) return undefined;
		let index = layerIndexes.get(blob);
		if (!index) {
			try {
				index = indexLayer(descriptor.digest, blob);
			} catch {
				return undefined;
			}
			layerIndexes.set(blob, index);
		}
		layers.push(index);
	}
	return {platform: parsedConfig.platform, config: parseRunConfig(config.toString('utf8')), layers};
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
	// The files decide, not the label: the kernel reads the program's first bytes.
	const outcome = execOutcome(content.layers, content.config, platform);
	if (outcome.kind === 'exec-format-error') return {kind: 'exec-format-error', path: outcome.path, digest: manifest.digest};
	if (outcome.kind === 'no-such-file') {
		return {
			kind: 'pull-failed',
			digest: manifest.digest,
			reason: `CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${outcome.path}": stat ${outcome.path}: no such file or directory: unknown`,
		};
	}
	return {kind: 'runs', digest: manifest.digest};
}

export function execFormatErrorLine(account: SimAccount, path: string): string {
	return account.runc === 'old' ? 'standard_init_linux.go:228: exec user process caused: exec format error' : `exec ${path}: exec format error`;
}
