import {randomBytes} from 'node:crypto';
import {zstdCompressSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import type {AccountPort} from '../../source/ports/account.js';
import {baseLayer, tarFiles, type FileSpec} from '../../source/registry/image-builder.js';
import {sha256Digest} from '../../source/registry/digest.js';
import {makePlatform} from '../../source/registry/platform.js';
import {LayerReader} from '../../source/reading/layer-reader.js';
import type {RunnableImage} from '../../source/reading/image-reader.js';
import {gzipSync} from 'node:zlib';

type Layer = {bytes: Buffer; mediaType: string};

/** A port that serves layers in 64 KiB chunks and counts what was taken from it. */
function layerPort(layers: Layer[]) {
	const served = new Map<string, number>();
	const byDigest = new Map(layers.map(layer => [sha256Digest(layer.bytes), layer.bytes]));
	const port = {
		async openBlob(_registry: string, _repository: string, digest: string) {
			const bytes = byDigest.get(digest)!;
			return (async function* () {
				for (let offset = 0; offset < bytes.length; offset += 65_536) {
					served.set(digest, (served.get(digest) ?? 0) + Math.min(65_536, bytes.length - offset));
					yield bytes.subarray(offset, offset + 65_536);
				}
			})();
		},
	} as unknown as AccountPort;
	const image: RunnableImage = {
		registryId: '123456789012',
		repository: 'team/app',
		digest: 'sha256:x',
		layers: layers.map(layer => ({digest: sha256Digest(layer.bytes), mediaType: layer.mediaType, size: layer.bytes.length})),
		config: {},
	};
	return {port, image, served};
}

const gz = (files: FileSpec[]): Layer => ({bytes: gzipSync(tarFiles(files)), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'});
const amd64 = makePlatform('linux', 'amd64');

describe('LayerReader', () => {
	it('stops downloading a layer as soon as the file is found in it', async () => {
		const noise = randomBytes(4 * 1024 * 1024);
		const top = gz([
			{path: 'app', content: 'exec node\n'},
			{path: 'data.bin', content: noise, mode: 0o644},
		]);
		const {port, image, served} = layerPort([gz(baseLayer(amd64)), top]);
		const read = await new LayerReader(port, {budgetBytes: 64 * 1024 * 1024}).read(image, ['/app']);
		expect(read.resolutions.get('/app')).toMatchObject({found: {path: '/app'}});
		expect(read.layersRead).toBe(1);
		expect(read.bytesRead).toBeLessThan(top.bytes.length / 4);
		expect(served.size).toBe(1);
	});

	it('reads zstd and plain tar layers, and the interpreter a script names, through a lower layer', async () => {
		const zstd: Layer = {bytes: zstdCompressSync(tarFiles(baseLayer(amd64))), mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd'};
		const plain: Layer = {bytes: tarFiles([{path: 'run.sh', content: '#!/bin/sh\nexec app\n'}]), mediaType: 'application/vnd.oci.image.layer.v1.tar'};
		const {port, image} = layerPort([zstd, plain]);
		const read = await new LayerReader(port, {budgetBytes: 64 * 1024 * 1024}).read(image, ['/run.sh'], () => ['/bin/sh']);
		expect(read.resolutions.get('/run.sh')).toMatchObject({found: {path: '/run.sh'}});
		expect(read.resolutions.get('/bin/sh')).toMatchObject({found: {path: '/bin/busybox'}, via: ['/bin/sh → busybox']});
		expect(read.layersRead).toBe(2);
		expect(read.stopped).toBeUndefined();
	});

	it('says which path is not in the image once every layer was read', async () => {
		const {port, image} = layerPort([gz(baseLayer(amd64))]);
		const read = await new LayerReader(port, {budgetBytes: 64 * 1024 * 1024}).read(image, ['/usr/local/bin/app']);
		expect(read.resolutions.get('/usr/local/bin/app')).toEqual({missing: '/usr is not in the image', via: []});
	});

	it('stops at the budget, mid-layer, and says so', async () => {
		const big = gz([{path: 'data.bin', content: randomBytes(3 * 1024 * 1024), mode: 0o644}]);
		const {port, image} = layerPort([gz([{path: 'app', content: 'x'}]), big]);
		const read = await new LayerReader(port, {budgetBytes: 1024 * 1024}).read(image, ['/app']);
		expect(read.resolutions.get('/app')).toEqual({pending: true});
		expect(read.stopped).toMatch(/^the byte budget of 1 MiB was spent in layer sha256:[0-9a-f]{12}… \(--max-layer-bytes\)$/);
		expect(read.bytesRead).toBeGreaterThanOrEqual(1024 * 1024);
		expect(read.bytesRead).toBeLessThan(1024 * 1024 + 65_536 * 2);
	});

	it('says a broken layer is broken, not missing', async () => {
		const {port, image} = layerPort([{bytes: Buffer.from('not gzip at all'), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'}]);
		const read = await new LayerReader(port, {budgetBytes: 64 * 1024 * 1024}).read(image, ['/app']);
		expect(read.stopped).toMatch(/^reading layer sha256:[0-9a-f]{12}… failed: /);
	});
});
