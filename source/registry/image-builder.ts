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

/** One file (or directory, or symlink) of an image layer. */
export type FileSpec = {
	readonly path: string;
	readonly content?: string | Uint8Array;
	/** Permission bits; 0o755 for files unless given. */
	readonly mode?: number;
	readonly symlink?: string;
	readonly directory?: boolean;
};

function tarHeader(name: string, options: {size: number; mode: number; type: '0' | '2' | '5'; linkname?: string}): Buffer {
	const header = Buffer.alloc(512);
	const write = (text: string, offset: number, length: number) => header.write(text.slice(0, length), offset, 'ascii');
	write(name, 0, 100);
	write(`${options.mode.toString(8).padStart(7, '0')}\0`, 100, 8);
	write('0000000\0', 108, 8);
	write('0000000\0', 116, 8);
	write(`${options.size.toString(8).padStart(11, '0')}\0`, 124, 12);
	write('00000000000\0', 136, 12);
	write('        ', 148, 8);
	write(options.type, 156, 1);
	if (options.linkname) write(options.linkname, 157, 100);
	write('ustar\0', 257, 6);
	write('00', 263, 2);
	let checksum = 0;
	for (const byte of header) checksum += byte;
	write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
	return header;
}

/** A tar archive with fixed headers (no times, no owners), so digests are the same on every machine. */
export function tarFiles(files: readonly FileSpec[]): Buffer {
	const parts: Buffer[] = [];
	for (const file of files) {
		const name = file.path.replace(/^\/+/, '');
		if (file.directory) parts.push(tarHeader(`${name.replace(/\/$/, '')}/`, {size: 0, mode: file.mode ?? 0o755, type: '5'}));
		else if (file.symlink !== undefined) parts.push(tarHeader(name, {size: 0, mode: 0o777, type: '2', linkname: file.symlink}));
		else {
			const data = typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content ?? new Uint8Array());
			parts.push(tarHeader(name, {size: data.length, mode: file.mode ?? 0o755, type: '0'}), data, Buffer.alloc((512 - (data.length % 512)) % 512));
		}
	}
	return Buffer.concat([...parts, Buffer.alloc(1024)]);
}

const elfMachines: Record<string, {machine: number; bits: 32 | 64; big?: boolean}> = {
	amd64: {machine: 62, bits: 64},
	arm64: {machine: 183, bits: 64},
	arm: {machine: 40, bits: 32},
	'386': {machine: 3, bits: 32},
	ppc64le: {machine: 21, bits: 64},
	s390x: {machine: 22, bits: 64, big: true},
	riscv64: {machine: 243, bits: 64},
};

/** The first bytes of an ELF executable for `platform`, as a program built for it starts. */
export function elfHeaderFor(platform: Platform): Uint8Array {
	const spec = elfMachines[platform.architecture] ?? elfMachines.amd64!;
	const header = Buffer.alloc(spec.bits === 64 ? 64 : 52);
	header.set([0x7f, 0x45, 0x4c, 0x46, spec.bits === 64 ? 2 : 1, spec.big ? 2 : 1, 1], 0);
	if (spec.big) {
		header.writeUInt16BE(2, 16);
		header.writeUInt16BE(spec.machine, 18);
		header.writeUInt32BE(1, 20);
	} else {
		header.writeUInt16LE(2, 16);
		header.writeUInt16LE(spec.machine, 18);
		header.writeUInt32LE(1, 20);
	}
	return new Uint8Array(header);
}

/** A minimal base layer: /bin/busybox for `platform`, /bin/sh linking to it, as alpine's has. */
export function baseLayer(platform: Platform): FileSpec[] {
	return [
		{path: 'bin', directory: true},
		{path: 'bin/busybox', content: elfHeaderFor(platform)},
		{path: 'bin/sh', symlink: 'busybox'},
	];
}

export type ImageSpec = {
	readonly platform: Platform;
	/** Docker v2 schema 2 (what a classic-store `docker push` sends) or OCI. */
	readonly format?: 'docker' | 'oci';
	readonly entrypoint?: readonly string[];
	/** The entrypoint script /run.sh; varying it varies every digest. */
	readonly payload?: string;
	/** Every layer, bottom first, instead of a base layer for the platform and /run.sh. */
	readonly layers?: readonly (readonly FileSpec[])[];
	/** What the base layer's programs are built for, when not the platform the label says (a cross-build gone wrong). */
	readonly binaries?: Platform;
	/** The config's environment, `PATH=…` among it. */
	readonly env?: readonly string[];
	readonly workingDir?: string;
};

export function buildImage(spec: ImageSpec): BuiltImage {
	const format = spec.format ?? 'docker';
	const files = spec.layers ?? [
		baseLayer(spec.binaries ?? spec.platform),
		[{path: 'run.sh', content: spec.payload ?? `#!/bin/sh\necho ${formatPlatform(spec.platform)}\n`}],
	];
	const tars = files.map(layer => tarFiles(layer));
	const layerType = format === 'docker' ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip';
	const layers = tars.map(tar => blob(layerType, gzipSync(tar)));
	const config = blob(
		format === 'docker' ? mediaTypes.dockerConfig : mediaTypes.ociConfig,
		Buffer.from(
			JSON.stringify({
				architecture: spec.platform.architecture,
				...(spec.platform.variant ? {variant: spec.platform.variant} : {}),
				os: spec.platform.os,
				config: {
					Entrypoint: spec.entrypoint ?? ['/run.sh'],
					...(spec.env ? {Env: spec.env} : {}),
					...(spec.workingDir ? {WorkingDir: spec.workingDir} : {}),
				},
				rootfs: {type: 'layers', diff_ids: tars.map(tar => sha256Digest(tar))},
			}),
		),
	);
	const mediaType = format === 'docker' ? mediaTypes.dockerManifest : mediaTypes.ociManifest;
	const body = JSON.stringify({
		schemaVersion: 2,
		mediaType,
		config: {mediaType: config.mediaType, digest: config.digest, size: config.bytes.length},
		layers: layers.map(layer => ({mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length})),
	});
	return {digest: sha256Digest(body), mediaType, body, blobs: [config, ...layers], children: []};
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
