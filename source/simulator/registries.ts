/**
 * Images outside ECR (an "upstream" registry such as Docker Hub) and copies between them and
 * the account's ECR, for the simulated docker CLI.
 */
import type {BuiltImage} from '../registry/image-builder.js';
import {parseImageReference, type ImageReference} from '../registry/image-reference.js';
import {parseManifest, platformsOfIndex} from '../registry/manifest.js';
import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import type {SimRepository} from './model.js';

export function referenceKey(reference: ImageReference): string {
	return `${reference.registry}/${reference.repository}:${reference.tag ?? 'latest'}${reference.digest ? `@${reference.digest}` : ''}`;
}

const upstreams = new WeakMap<SimAccount, Map<string, BuiltImage>>();
/** Every image ever published upstream, by repository and digest: a tag moves, a digest does not. */
const byDigest = new WeakMap<SimAccount, Map<string, BuiltImage>>();

/** Publishes an image on the simulated public registry (Docker Hub when the reference names no host). */
export function publishUpstream(account: SimAccount, reference: string, image: BuiltImage): void {
	const parsed = parseImageReference(reference);
	if (!parsed) throw new Error(`bad reference ${reference}`);
	const images = upstreams.get(account) ?? new Map<string, BuiltImage>();
	images.set(referenceKey(parsed), image);
	upstreams.set(account, images);
	const digests = byDigest.get(account) ?? new Map<string, BuiltImage>();
	for (const candidate of [image, ...image.children]) digests.set(`${parsed.registry}/${parsed.repository}@${candidate.digest}`, candidate);
	byDigest.set(account, digests);
}

/** An image rebuilt from what an ECR repository stores, manifest by manifest. */
function fromRepository(repository: SimRepository, digest: string): BuiltImage | undefined {
	const manifest = repository.manifests.get(digest);
	if (!manifest) return undefined;
	const parsed = parseManifest(manifest.body, manifest.mediaType);
	if (parsed.kind === 'index') {
		const children = parsed.entries.map(entry => fromRepository(repository, entry.digest)).filter((child): child is BuiltImage => child !== undefined);
		return {digest, mediaType: manifest.mediaType, body: manifest.body, blobs: [], children};
	}
	const document = JSON.parse(manifest.body) as {config?: {digest: string; mediaType: string}; layers?: {digest: string; mediaType: string}[]};
	const descriptors = [...(document.config ? [document.config] : []), ...(document.layers ?? [])];
	const blobs = descriptors.flatMap(descriptor => {
		const bytes = repository.blobs.get(descriptor.digest);
		return bytes ? [{digest: descriptor.digest, mediaType: descriptor.mediaType, bytes}] : [];
	});
	return {digest, mediaType: manifest.mediaType, body: manifest.body, blobs, children: []};
}

/** What a reference names: this account's ECR, or the upstream registry. */
export function resolveImage(account: SimAccount, reference: string): {image: BuiltImage; ecr: boolean} | undefined {
	const parsed = parseImageReference(reference);
	if (!parsed) return undefined;
	if (parsed.ecr) {
		const found = account.lookupImage(reference);
		const image = found ? fromRepository(found.repository, found.manifest.digest) : undefined;
		return image ? {image, ecr: true} : undefined;
	}
	const image = parsed.digest
		? byDigest.get(account)?.get(`${parsed.registry}/${parsed.repository}@${parsed.digest}`)
		: upstreams.get(account)?.get(referenceKey(parsed));
	return image ? {image, ecr: false} : undefined;
}

export function platformOf(image: BuiltImage): Platform | undefined {
	const configDigest = (JSON.parse(image.body) as {config?: {digest?: string}}).config?.digest;
	const configBlob = image.blobs.find(blob => blob.digest === configDigest);
	if (!configBlob) return undefined;
	const config = JSON.parse(configBlob.bytes.toString('utf8')) as {os: string; architecture: string; variant?: string};
	return config.variant ? {os: config.os, architecture: config.architecture, variant: config.variant} : {os: config.os, architecture: config.architecture};
}

/** Picks what `docker pull --platform` gets: the index entry for the platform, or a single manifest as it is. */
export function selectPlatform(image: BuiltImage, platform: Platform): {image: BuiltImage; fromIndex: boolean} | {error: string} {
	const parsed = parseManifest(image.body, image.mediaType);
	if (parsed.kind !== 'index') return {image, fromIndex: false};
	const match = platformsOfIndex(parsed.entries).runnable.find(entry => runsOn(entry.platform, platform));
	const child = match ? image.children.find(candidate => candidate.digest === match.digest) : undefined;
	if (!child) return {error: `no matching manifest for ${formatPlatform(platform)} in the manifest list entries`};
	return {image: child, fromIndex: true};
}

export function repositoryOf(account: SimAccount, reference: string): {repository: SimRepository; tag: string} | {error: string} {
	const parsed = parseImageReference(reference);
	if (!parsed?.ecr) return {error: `${reference} is not an ECR reference of this account`};
	if (parsed.ecr.registryId !== account.accountId || parsed.ecr.region !== account.region) return {error: `denied: ${reference} belongs to another registry`};
	const repository = account.repositories.get(parsed.repository);
	if (!repository)
		return {error: `name unknown: The repository with name '${parsed.repository}' does not exist in the registry with id '${account.accountId}'`};
	return {repository, tag: parsed.tag ?? 'latest'};
}
