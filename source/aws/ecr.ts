import {BatchGetImageCommand, DescribeImagesCommand, GetDownloadUrlForLayerCommand, type ECRClient} from '@aws-sdk/client-ecr';
import type {EcrImageLookup} from '../ports/account.js';
import {AwsError} from '../errors.js';
import {acceptedManifestMediaTypes} from '../registry/media-types.js';

export async function batchGetImage(
	client: ECRClient,
	registryId: string,
	repositoryName: string,
	imageId: {tag?: string; digest?: string},
): Promise<EcrImageLookup> {
	const output = await client.send(
		new BatchGetImageCommand({
			registryId,
			repositoryName,
			imageIds: [{...(imageId.tag ? {imageTag: imageId.tag} : {}), ...(imageId.digest ? {imageDigest: imageId.digest} : {})}],
			acceptedMediaTypes: [...acceptedManifestMediaTypes],
		}),
	);
	const image = output.images?.[0];
	if (image?.imageManifest && image.imageId?.imageDigest) {
		return {
			image: {
				registryId: image.registryId ?? registryId,
				repositoryName: image.repositoryName ?? repositoryName,
				digest: image.imageId.imageDigest,
				...(image.imageId.imageTag ? {tag: image.imageId.imageTag} : {}),
				manifest: image.imageManifest,
				...(image.imageManifestMediaType ? {mediaType: image.imageManifestMediaType} : {}),
			},
		};
	}
	const failure = output.failures?.[0];
	return {failure: {code: failure?.failureCode ?? 'ImageNotFound', reason: failure?.failureReason ?? 'ECR returned no image'}};
}

/** Config blobs are a few KiB; past this a blob is not a config, and reading it whole could exhaust memory. */
export const maxBlobBytes = 4 * 1024 * 1024;

async function boundedBody(response: Response, digest: string): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of response.body ?? []) {
		size += chunk.byteLength;
		if (size > maxBlobBytes) {
			await response.body?.cancel().catch(() => undefined);
			throw new AwsError(
				'service',
				'ecr:GetDownloadUrlForLayer',
				`Blob ${digest} is larger than ${maxBlobBytes / 1024 / 1024} MiB: it is not an image config.`,
			);
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** A config blob's exact bytes: ECR hands out a pre-signed URL; a plain GET (no Authorization header) reads it. */
export async function getBlob(client: ECRClient, registryId: string, repositoryName: string, digest: string): Promise<Uint8Array> {
	const output = await client.send(new GetDownloadUrlForLayerCommand({registryId, repositoryName, layerDigest: digest}));
	if (!output.downloadUrl) throw new AwsError('service', 'ecr:GetDownloadUrlForLayer', `ECR gave no download URL for ${digest}`);
	let response: Response;
	try {
		response = await fetch(output.downloadUrl, {signal: AbortSignal.timeout(15_000)});
	} catch (error) {
		throw new AwsError(
			'endpoint',
			'ecr:GetDownloadUrlForLayer',
			`Could not download blob ${digest}: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
	if (!response.ok) throw new AwsError('service', 'ecr:GetDownloadUrlForLayer', `Downloading blob ${digest} failed with HTTP ${response.status}`);
	return boundedBody(response, digest);
}

/** A layer's bytes as they arrive: the reader stops the download once it has what it needs. */
export async function openBlob(
	client: ECRClient,
	registryId: string,
	repositoryName: string,
	digest: string,
	signal?: AbortSignal,
): Promise<AsyncIterable<Uint8Array>> {
	const output = await client.send(new GetDownloadUrlForLayerCommand({registryId, repositoryName, layerDigest: digest}));
	if (!output.downloadUrl) throw new AwsError('service', 'ecr:GetDownloadUrlForLayer', `ECR gave no download URL for ${digest}`);
	let response: Response;
	try {
		response = await fetch(output.downloadUrl, {...(signal ? {signal} : {})});
	} catch (error) {
		if (signal?.aborted) throw error;
		throw new AwsError(
			'endpoint',
			'ecr:GetDownloadUrlForLayer',
			`Could not download layer ${digest}: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
	if (!response.ok || !response.body)
		throw new AwsError('service', 'ecr:GetDownloadUrlForLayer', `Downloading layer ${digest} failed with HTTP ${response.status}`);
	return response.body;
}

export async function imagePushedAt(client: ECRClient, registryId: string, repositoryName: string, tag: string): Promise<Date | undefined> {
	try {
		const {imageDetails} = await client.send(new DescribeImagesCommand({registryId, repositoryName, imageIds: [{imageTag: tag}]}));
		return imageDetails?.[0]?.imagePushedAt;
	} catch (error) {
		if ((error as Error).name === 'ImageNotFoundException') return undefined;
		throw error;
	}
}
