import {sha256Digest} from './digest.js';
import {gzipSync} from 'node:zlib';
import {mediaTypes} from './media-types.js';
import {formatPlatform, type Platform} from './platform.js';

/** A blob addressed by its sha256 digest, as a registry stores it. */
export type Blob = {readonly digest: string; readonly mediaType: string; readonly bytes: Buffer};

/** One image manifest or index, with everything it references. */
export type BuiltImage = {
	readonly digest: string;
	readonly mediaType: string;
	readonly body: string;
	readonly blobs: readonly Blob[];
	readonly children: readonly BuiltImage[];
};

function blob(mediaType: string, bytes: Buffer): Blob {
	return {digest: sha256Digest(bytes), mediaType, bytes};
}

/** A one-file tar archive with fixed headers, so digests are the same on every machine. */
function tarOneFile(name: string, content: string): Buffer {
	const data = Buffer.from(content);
	const header = Buffer.alloc(512);
	const write = (text: string, offset: number, length: number) => header.write(text.slice(0, length), offset, 'ascii');
	write(name, 0, 100);
	write('0000755\0', 100, 8);
	write('0000000\0', 108, 8);
	write('0000000\0', 116, 8);
	write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 12);
	write('00000000000\0', 136, 12);
	write('        ', 148, 8);
	write('0', 156, 1);
	write('ustar\0', 257, 6);
	write('00', 263, 2);
	let checksum = 0;
	for (const byte of header) checksum += byte;
	write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
	const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
	return Buffer.concat([header, data, padding, Buffer.alloc(1024)]);
}

export type ImageSpec = {
	readonly platform: Platform;
	/** Docker v2 schema 2 (what a classic-store `docker push` sends) or OCI. */
	readonly format?: 'docker' | 'oci';
	readonly entrypoint?: readonly string[];
	/** The file the layer holds; varying it varies every digest. */
	readonly payload?: string;
};

export function buildImage(spec: ImageSpec): BuiltImage {
	const format = spec.format ?? 'docker';
	const tar = tarOneFile('run.sh', spec.payload ?? `#!/bin/sh\necho ${formatPlatform(spec.platform)}\n`);
	const layer = blob(format === 'docker' ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip', gzipSync(tar));
	const config = blob(
		format === 'docker' ? mediaTypes.dockerConfig : mediaTypes.ociConfig,
		Buffer.from(
			JSON.stringify({
				architecture: spec.platform.architecture,
				...(spec.platform.variant ? {variant: spec.platform.variant} : {}),
				os: spec.platform.os,
				config: {Entrypoint: spec.entrypoint ?? ['/run.sh']},
				rootfs: {type: 'layers', diff_ids: [sha256Digest(tar)]},
			}),
		),
	);
	const mediaType = format === 'docker' ? mediaTypes.dockerManifest : mediaTypes.ociManifest;
	const body = JSON.stringify({
		schemaVersion: 2,
		mediaType,
		config: {mediaType: config.mediaType, digest: config.digest, size: config.bytes.length},
		layers: [{mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length}],
	});
	return {digest: sha256Digest(body), mediaType, body, blobs: [config, layer], children: []};
}

/** A BuildKit-style attestation manifest describing `subject` (platform unknown/unknown). */
function buildAttestation(subject: BuiltImage): BuiltImage {
	const statement = blob(mediaTypes.inToto, Buffer.from(JSON.stringify({_type: 'https://in-toto.io/Statement/v0.1', subject: [{digest: subject.digest}]})));
	const config = blob(
		mediaTypes.ociConfig,
		Buffer.from(JSON.stringify({architecture: 'unknown', os: 'unknown', rootfs: {type: 'layers', diff_ids: [statement.digest]}})),
	);
	const body = JSON.stringify({
		schemaVersion: 2,
		mediaType: mediaTypes.ociManifest,
		config: {mediaType: config.mediaType, digest: config.digest, size: config.bytes.length},
		layers: [
			{
				mediaType: statement.mediaType,
				digest: statement.digest,
				size: statement.bytes.length,
				annotations: {'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2'},
			},
		],
	});
	return {digest: sha256Digest(body), mediaType: mediaTypes.ociManifest, body, blobs: [config, statement], children: []};
}

export type IndexSpec = {
	readonly images: readonly BuiltImage[];
	readonly format?: 'docker' | 'oci';
	/** Adds one attestation entry per image, as `docker buildx build --push` does by default. */
	readonly attestations?: boolean;
};

export function buildIndex(spec: IndexSpec): BuiltImage {
	const format = spec.format ?? 'oci';
	const children: BuiltImage[] = [...spec.images];
	const platformOf = (image: BuiltImage): Platform => {
		const configBlob = image.blobs.find(candidate => candidate.mediaType === mediaTypes.dockerConfig || candidate.mediaType === mediaTypes.ociConfig);
		const config = JSON.parse(configBlob!.bytes.toString('utf8')) as {os: string; architecture: string; variant?: string};
		return config.variant ? {os: config.os, architecture: config.architecture, variant: config.variant} : {os: config.os, architecture: config.architecture};
	};
	const entries: unknown[] = spec.images.map(image => ({
		mediaType: image.mediaType,
		digest: image.digest,
		size: Buffer.byteLength(image.body),
		platform: platformOf(image),
	}));
	if (spec.attestations) {
		for (const image of spec.images) {
			const attestation = buildAttestation(image);
			children.push(attestation);
			entries.push({
				mediaType: attestation.mediaType,
				digest: attestation.digest,
				size: Buffer.byteLength(attestation.body),
				platform: {architecture: 'unknown', os: 'unknown'},
				annotations: {'vnd.docker.reference.digest': image.digest, 'vnd.docker.reference.type': 'attestation-manifest'},
			});
		}
	}
	const mediaType = format === 'docker' ? mediaTypes.dockerManifestList : mediaTypes.ociIndex;
	const body = JSON.stringify({schemaVersion: 2, mediaType, manifests: entries});
	return {digest: sha256Digest(body), mediaType, body, blobs: [], children};
}

/** Every manifest (the image itself first) and blob reachable from `image`. */
export function flattenImage(image: BuiltImage): {manifests: BuiltImage[]; blobs: Blob[]} {
	const manifests: BuiltImage[] = [image];
	const blobs: Blob[] = [...image.blobs];
	for (const child of image.children) {
		const nested = flattenImage(child);
		manifests.push(...nested.manifests);
		blobs.push(...nested.blobs);
	}
	return {manifests, blobs};
}
