import {describe, expect, it} from 'vitest';
import {buildImage, buildIndex} from '../../source/registry/image-builder.js';
import {sha256Digest} from '../../source/registry/digest.js';
import {parseConfigBlob, parseManifest, platformsOfIndex} from '../../source/registry/manifest.js';
import {mediaTypes} from '../../source/registry/media-types.js';
import {formatPlatform, makePlatform} from '../../source/registry/platform.js';

const arm64 = makePlatform('linux', 'arm64', 'v8');
const amd64 = makePlatform('linux', 'amd64');

describe('parseManifest', () => {
	it('reads a Docker v2 schema 2 manifest and its config digest', () => {
		const image = buildImage({platform: arm64, format: 'docker'});
		const parsed = parseManifest(image.body, mediaTypes.dockerManifest);
		expect(parsed).toMatchObject({kind: 'manifest', mediaType: mediaTypes.dockerManifest, layerCount: 2});
		expect(parsed.kind === 'manifest' && parsed.configDigest).toBe(image.blobs[0]!.digest);
		// The layers bottom first, as the manifest lists them: the base layer, then /run.sh.
		expect(parsed.kind === 'manifest' && parsed.layers.map(layer => layer.digest)).toEqual([image.blobs[1]!.digest, image.blobs[2]!.digest]);
		expect(parsed.kind === 'manifest' && parsed.layers[0]!.mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip');
	});

	it('reads an OCI manifest without a declared media type', () => {
		const image = buildImage({platform: amd64, format: 'oci'});
		expect(parseManifest(image.body)).toMatchObject({kind: 'manifest', mediaType: mediaTypes.ociManifest});
	});

	it('reads a Docker manifest list with platforms', () => {
		const index = buildIndex({images: [buildImage({platform: amd64}), buildImage({platform: arm64})], format: 'docker'});
		const parsed = parseManifest(index.body);
		expect(parsed.kind).toBe('index');
		if (parsed.kind !== 'index') return;
		expect(parsed.mediaType).toBe(mediaTypes.dockerManifestList);
		expect(platformsOfIndex(parsed.entries).runnable.map(entry => formatPlatform(entry.platform))).toEqual(['linux/amd64', 'linux/arm64/v8']);
	});

	it('reads an OCI index and skips BuildKit attestation entries', () => {
		const index = buildIndex({images: [buildImage({platform: amd64, format: 'oci'}), buildImage({platform: arm64, format: 'oci'})], attestations: true});
		const parsed = parseManifest(index.body, mediaTypes.ociIndex);
		if (parsed.kind !== 'index') throw new Error(`expected an index, got ${parsed.kind}`);
		const platforms = platformsOfIndex(parsed.entries);
		expect(parsed.entries).toHaveLength(4);
		expect(platforms.attestationCount).toBe(2);
		expect(platforms.runnable.map(entry => formatPlatform(entry.platform))).toEqual(['linux/amd64', 'linux/arm64/v8']);
	});

	it('treats an index of arm64 plus unknown/unknown as arm64 only', () => {
		const index = buildIndex({images: [buildImage({platform: arm64, format: 'oci'})], attestations: true});
		const parsed = parseManifest(index.body);
		if (parsed.kind !== 'index') throw new Error('expected an index');
		expect(platformsOfIndex(parsed.entries).runnable.map(entry => formatPlatform(entry.platform))).toEqual(['linux/arm64/v8']);
	});

	it('recognises attestation entries by artifactType or annotation even without unknown/unknown', () => {
		const body = JSON.stringify({
			schemaVersion: 2,
			manifests: [
				{digest: sha256Digest('a'), platform: {os: 'linux', architecture: 'amd64'}},
				{digest: sha256Digest('b'), artifactType: 'application/vnd.docker.attestation.manifest.v1+json'},
				{digest: sha256Digest('c'), annotations: {'vnd.docker.reference.type': 'attestation-manifest'}},
				{digest: sha256Digest('d')},
			],
		});
		const parsed = parseManifest(body);
		if (parsed.kind !== 'index') throw new Error('expected an index');
		const platforms = platformsOfIndex(parsed.entries);
		expect(platforms.attestationCount).toBe(2);
		expect(platforms.unlabeled).toEqual([sha256Digest('d')]);
		expect(platforms.runnable).toHaveLength(1);
	});

	it('reads the architecture of a deprecated schema 1 manifest', () => {
		const body = JSON.stringify({schemaVersion: 1, name: 'x', tag: 'latest', architecture: 'arm64', fsLayers: []});
		expect(parseManifest(body, mediaTypes.dockerSchema1Signed)).toEqual({
			kind: 'schema1',
			mediaType: mediaTypes.dockerSchema1Signed,
			platform: makePlatform('linux', 'arm64'),
		});
	});

	it.each([
		['not json', '{', 'the manifest is not valid JSON'],
		['an array', '[]', 'the manifest is not a JSON object'],
		['no config', JSON.stringify({schemaVersion: 2, mediaType: mediaTypes.ociManifest, layers: []}), 'the manifest has no valid "config" descriptor'],
		[
			'bad config digest',
			JSON.stringify({schemaVersion: 2, mediaType: mediaTypes.ociManifest, config: {digest: 'nope'}}),
			'the manifest has no valid "config" descriptor',
		],
		[
			'layers not a list',
			JSON.stringify({mediaType: mediaTypes.ociManifest, config: {digest: sha256Digest('x')}, layers: 3}),
			'the manifest\'s "layers" is not a list',
		],
		['index without manifests', JSON.stringify({mediaType: mediaTypes.ociIndex}), 'the index has no "manifests" list'],
		[
			'index entry without digest',
			JSON.stringify({mediaType: mediaTypes.ociIndex, manifests: [{platform: {os: 'linux', architecture: 'amd64'}}]}),
			'entry 0 of the index has no valid digest',
		],
		['unknown media type', JSON.stringify({mediaType: 'application/x-made-up'}), 'unsupported manifest media type application/x-made-up'],
		['neither', JSON.stringify({schemaVersion: 2}), 'the document is neither a manifest nor an index'],
	])('reports a malformed manifest (%s) with its reason', (_name, body, reason) => {
		expect(parseManifest(body)).toEqual({kind: 'malformed', reason});
	});
});

describe('parseConfigBlob', () => {
	it('reads os, architecture and variant', () => {
		const image = buildImage({platform: arm64});
		expect(parseConfigBlob(image.blobs[0]!.bytes.toString('utf8'))).toEqual({kind: 'config', platform: arm64});
	});

	it('normalises the spellings found in the wild', () => {
		expect(parseConfigBlob(JSON.stringify({os: 'Linux', architecture: 'x86_64'}))).toEqual({kind: 'config', platform: amd64});
	});

	it.each([
		['{', 'the image config is not valid JSON'],
		['"text"', 'the image config is not a JSON object'],
		[JSON.stringify({os: 'linux'}), 'the image config has no "os" and "architecture"'],
		[JSON.stringify({os: 'linux', architecture: 42}), 'the image config has no "os" and "architecture"'],
	])('reports a malformed config %s', (body, reason) => {
		expect(parseConfigBlob(body)).toEqual({kind: 'malformed', reason});
	});
});

describe('image builder', () => {
	it('produces the same digests on every run', () => {
		expect(buildImage({platform: amd64}).digest).toBe(buildImage({platform: amd64}).digest);
		expect(buildImage({platform: amd64}).digest).not.toBe(buildImage({platform: arm64}).digest);
	});

	it('addresses every blob by the sha256 of its bytes', () => {
		const image = buildImage({platform: amd64, format: 'oci'});
		for (const item of image.blobs) expect(item.digest).toBe(sha256Digest(item.bytes));
		expect(image.digest).toBe(sha256Digest(image.body));
	});
});
