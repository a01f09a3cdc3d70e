import {sha256Digest} from '../../registry/digest.js';
import {parseManifest} from '../../registry/manifest.js';
import {isImageManifestMediaType, mediaTypes} from '../../registry/media-types.js';
import type {SimAccount} from '../account.js';
import {SimError, invalidParameter} from '../errors.js';
import type {SimManifest, SimRepository} from '../model.js';
import {page} from '../pagination.js';
import {isTagImmutable} from '../../registry/tag-mutability.js';
import {compact, seconds, type Handler, type Input} from './context.js';

function requireRepository(account: SimAccount, input: Input): SimRepository {
	const registryId = (input.registryId as string | undefined) ?? account.accountId;
	const name = String(input.repositoryName ?? '');
	if (!name) throw invalidParameter('repositoryName can not be empty.');
	const repository = registryId === account.accountId ? account.repositories.get(name) : undefined;
	if (!repository) {
		throw new SimError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);
	}
	return repository;
}

function tagsOf(repository: SimRepository, digest: string): string[] {
	return [...repository.tags.entries()].filter(([, target]) => target === digest).map(([tag]) => tag);
}

/** ECR converts between Docker v2 and OCI manifests when pulling by tag, never by digest. */
function convert(manifest: SimManifest, accepted: readonly string[], byTag: boolean): {body: string; mediaType: string; digest: string} | undefined {
	if (accepted.length === 0 || accepted.includes(manifest.mediaType)) return manifest;
	if (!byTag || !isImageManifestMediaType(manifest.mediaType)) return undefined;
	const target = accepted.find(type => isImageManifestMediaType(type));
	if (!target) return undefined;
	const document = JSON.parse(manifest.body) as {mediaType?: string; config: {mediaType: string}};
	document.mediaType = target;
	document.config.mediaType = target === mediaTypes.ociManifest ? mediaTypes.ociConfig : mediaTypes.dockerConfig;
	const body = JSON.stringify(document);
	return {body, mediaType: target, digest: sha256Digest(body)};
}

function imageSize(repository: SimRepository, manifest: SimManifest): number {
	const parsed = parseManifest(manifest.body, manifest.mediaType);
	if (parsed.kind === 'index') {
		return Math.max(
			0,
			...parsed.entries.map(entry => {
				const child = repository.manifests.get(entry.digest);
				return child ? imageSize(repository, child) : 0;
			}),
		);
	}
	const layers = (JSON.parse(manifest.body) as {layers?: {size: number}[]}).layers ?? [];
	return layers.reduce((sum, layer) => sum + layer.size, 0);
}

const issued = new WeakMap<SimAccount, Set<string>>();

/** Whether GetAuthorizationToken handed out this password (what `docker login` to ECR checks). */
export function isIssuedPassword(account: SimAccount, password: string): boolean {
	return issued.get(account)?.has(password) ?? false;
}

export const ecrHandlers: Record<string, Handler> = {
	DescribeRepositories(account, input, context) {
		const names = input.repositoryNames as string[] | undefined;
		const repositories = names ? names.map(name => requireRepository(account, {...input, repositoryName: name})) : [...account.repositories.values()];
		const result = page(repositories, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 100,
			limit: 1000,
			pageSize: context.pageSize,
			scope: 'repositories',
		});
		return compact({
			repositories: result.items.map(repository => ({
				repositoryArn: repository.arn,
				registryId: account.accountId,
				repositoryName: repository.name,
				repositoryUri: repository.uri,
				createdAt: seconds(repository.createdAt),
				imageTagMutability: repository.tagMutability,
				...(repository.tagMutabilityExclusions.length > 0
					? {imageTagMutabilityExclusionFilters: repository.tagMutabilityExclusions.map(filter => ({filterType: 'WILDCARD', filter}))}
					: {}),
				imageScanningConfiguration: {scanOnPush: false},
				encryptionConfiguration: {encryptionType: 'AES256'},
			})),
			nextToken: result.nextToken,
		});
	},

	BatchGetImage(account, input) {
		const repository = requireRepository(account, input);
		const imageIds = input.imageIds as {imageTag?: string; imageDigest?: string}[] | undefined;
		if (!Array.isArray(imageIds) || imageIds.length === 0 || imageIds.length > 100) throw invalidParameter('imageIds must hold between 1 and 100 items.');
		const accepted = (input.acceptedMediaTypes as string[] | undefined) ?? [];
		if (accepted.length > 100) throw invalidParameter('acceptedMediaTypes can have at most 100 items.');
		const images = [];
		const failures = [];
		for (const imageId of imageIds) {
			if (!imageId.imageTag && !imageId.imageDigest) {
				failures.push({imageId, failureCode: 'MissingDigestAndTag', failureReason: 'Missing digest and tag'});
				continue;
			}
			if (imageId.imageDigest && !/^sha256:[0-9a-f]{64}$/.test(imageId.imageDigest)) {
				failures.push({
					imageId,
					failureCode: 'InvalidImageDigest',
					failureReason: "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
				});
				continue;
			}
			const tagged = imageId.imageTag ? repository.tags.get(imageId.imageTag) : undefined;
			if (imageId.imageTag && imageId.imageDigest && tagged !== imageId.imageDigest) {
				failures.push({imageId, failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Requested image tag does not match the digest'});
				continue;
			}
			const manifest = repository.manifests.get(imageId.imageDigest ?? tagged ?? '');
			const converted = manifest ? convert(manifest, accepted, Boolean(imageId.imageTag && !imageId.imageDigest)) : undefined;
			if (!manifest || !converted) {
				failures.push({imageId, failureCode: 'ImageNotFound', failureReason: 'Requested image not found'});
				continue;
			}
			images.push({
				registryId: account.accountId,
				repositoryName: repository.name,
				imageId: compact({imageDigest: converted.digest, imageTag: imageId.imageTag}),
				imageManifest: converted.body,
				imageManifestMediaType: converted.mediaType,
			});
		}
		return {images, failures};
	},

	/** Stores a manifest as sent, byte for byte: its digest is the sha256 of exactly those bytes. */
	PutImage(account, input) {
		const repository = requireRepository(account, input);
		const body = input.imageManifest;
		if (typeof body !== 'string' || body === '') throw invalidParameter('imageManifest can not be empty.');
		const digest = sha256Digest(body);
		if (input.imageDigest !== undefined && input.imageDigest !== digest) {
			throw new SimError(
				'ImageDigestDoesNotMatchException',
				`The provided digest '${String(input.imageDigest)}' does not match the digest of the manifest '${digest}'.`,
			);
		}
		let document: {mediaType?: string; config?: {digest?: string}; layers?: {digest?: string}[]; manifests?: {digest?: string}[]};
		try {
			document = JSON.parse(body) as typeof document;
		} catch {
			throw invalidParameter("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
		}
		const mediaType = (input.imageManifestMediaType as string | undefined) ?? document.mediaType ?? mediaTypes.dockerManifest;
		const missingBlobs = [document.config?.digest, ...(document.layers ?? []).map(layer => layer.digest)].filter(
			(blob): blob is string => typeof blob === 'string' && !repository.blobs.has(blob),
		);
		if (missingBlobs.length > 0)
			throw new SimError(
				'LayersNotFoundException',
				`Layers with digests '[${missingBlobs.join(', ')}]' required for pushing image into repository with name '${repository.name}' in the registry with id '${account.accountId}' do not exist`,
			);
		const missingChildren = (document.manifests ?? [])
			.map(entry => entry.digest)
			.filter((child): child is string => typeof child === 'string' && !repository.manifests.has(child));
		if (missingChildren.length > 0)
			throw new SimError('ReferencedImagesNotFoundException', `The following referenced images were not found: [${missingChildren.join(', ')}]`);
		const tag = input.imageTag as string | undefined;
		if (tag !== undefined && repository.tags.get(tag) === digest) {
			throw new SimError(
				'ImageAlreadyExistsException',
				`Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${repository.name}' in registry with id '${account.accountId}'`,
			);
		}
		const immutable = tag !== undefined && isTagImmutable({setting: repository.tagMutability, exclusions: repository.tagMutabilityExclusions}, tag) === true;
		if (tag !== undefined && immutable && repository.tags.has(tag)) {
			throw new SimError(
				'ImageTagAlreadyExistsException',
				`The image tag '${tag}' already exists in the '${repository.name}' repository and cannot be overwritten because the tag is immutable.`,
			);
		}
		const now = account.now();
		if (!repository.manifests.has(digest)) repository.manifests.set(digest, {digest, mediaType, body, pushedAt: now});
		if (tag !== undefined) {
			repository.tags.set(tag, digest);
			for (const hook of account.pushHooks) hook(repository.name, tag, now);
		}
		return {
			image: compact({
				registryId: account.accountId,
				repositoryName: repository.name,
				imageId: compact({imageDigest: digest, imageTag: tag}),
				imageManifest: body,
				imageManifestMediaType: mediaType,
			}),
		};
	},

	/** Deleting a tag removes the tag; deleting a digest removes the image and every tag on it. */
	BatchDeleteImage(account, input) {
		const repository = requireRepository(account, input);
		const imageIds = input.imageIds as {imageTag?: string; imageDigest?: string}[] | undefined;
		if (!Array.isArray(imageIds) || imageIds.length === 0 || imageIds.length > 100) throw invalidParameter('imageIds must hold between 1 and 100 items.');
		const deleted = [];
		const failures = [];
		for (const imageId of imageIds) {
			const digest = imageId.imageDigest ?? (imageId.imageTag ? repository.tags.get(imageId.imageTag) : undefined);
			if (!digest || !repository.manifests.has(digest) || (imageId.imageTag && repository.tags.get(imageId.imageTag) !== digest)) {
				failures.push({imageId, failureCode: 'ImageNotFound', failureReason: 'Requested image not found'});
				continue;
			}
			if (imageId.imageTag) {
				repository.tags.delete(imageId.imageTag);
			} else {
				for (const tag of tagsOf(repository, digest)) repository.tags.delete(tag);
				repository.manifests.delete(digest);
			}
			deleted.push(compact({imageDigest: digest, imageTag: imageId.imageTag}));
		}
		return {imageIds: deleted, failures};
	},

	DescribeImages(account, input, context) {
		const repository = requireRepository(account, input);
		const imageIds = input.imageIds as {imageTag?: string; imageDigest?: string}[] | undefined;
		let manifests: SimManifest[];
		if (imageIds) {
			manifests = imageIds.map(imageId => {
				const manifest = repository.manifests.get(imageId.imageDigest ?? repository.tags.get(imageId.imageTag ?? '') ?? '');
				if (!manifest)
					throw new SimError(
						'ImageNotFoundException',
						`The image with imageId {imageDigest:'${imageId.imageDigest ?? 'null'}', imageTag:'${imageId.imageTag ?? 'null'}'} does not exist within the repository with name '${repository.name}' in the registry with id '${account.accountId}'`,
					);
				return manifest;
			});
		} else {
			const tagStatus = (input.filter as {tagStatus?: string} | undefined)?.tagStatus;
			manifests = [...repository.manifests.values()].filter(manifest => {
				const tagged = tagsOf(repository, manifest.digest).length > 0;
				return tagStatus === 'TAGGED' ? tagged : tagStatus === 'UNTAGGED' ? !tagged : true;
			});
		}
		const result = page(manifests, {
			token: input.nextToken,
			maxResults: input.maxResults,
			defaultMax: 100,
			limit: 1000,
			pageSize: context.pageSize,
			scope: `images:${repository.name}`,
		});
		return compact({
			imageDetails: result.items.map(manifest =>
				compact({
					registryId: account.accountId,
					repositoryName: repository.name,
					imageDigest: manifest.digest,
					imageTags: tagsOf(repository, manifest.digest).length > 0 ? tagsOf(repository, manifest.digest) : undefined,
					imageSizeInBytes: imageSize(repository, manifest),
					imagePushedAt: seconds(manifest.pushedAt),
					imageManifestMediaType: manifest.mediaType,
					artifactMediaType: (JSON.parse(manifest.body) as {config?: {mediaType?: string}}).config?.mediaType,
					imageStatus: 'ACTIVE',
				}),
			),
			nextToken: result.nextToken,
		});
	},

	GetDownloadUrlForLayer(account, input, context) {
		const repository = requireRepository(account, input);
		const digest = String(input.layerDigest ?? '');
		if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw invalidParameter("Invalid parameter at 'layerDigest' failed to satisfy constraint.");
		if (!repository.blobs.has(digest)) {
			throw new SimError(
				'LayersNotFoundException',
				`The image layer '${digest}' does not exist in the repository with name '${repository.name}' in the registry with id '${account.accountId}'`,
			);
		}
		const path = `/__blobs/${account.region}/${encodeURIComponent(repository.name)}/${digest}`;
		return {downloadUrl: `${context.origin}${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=simulated`, layerDigest: digest};
	},

	GetAuthorizationToken(account, _input, context) {
		const password = `simulated-ecr-password-${account.newId()}`;
		const passwords = issued.get(account) ?? new Set<string>();
		passwords.add(password);
		issued.set(account, passwords);
		return {
			authorizationData: [
				{
					authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
					expiresAt: seconds(context.now + 12 * 3_600_000),
					proxyEndpoint: `https://${account.registryHost}`,
				},
			],
		};
	},
};
