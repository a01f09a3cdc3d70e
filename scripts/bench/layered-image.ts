/**
 * A realistic image for the byte-reading benchmark: five gzip layers, 100 MiB compressed in all
 * (a Debian-slim-sized base, a language runtime, dependencies, the application, its config),
 * made of many files of incompressible bytes, labelled linux/amd64 with an aarch64 binary in it.
 * `where` puts that binary in the application layer (the usual cross-build) or in the base
 * layer (the worst case: every layer above it is read first).
 */
import {createHash} from 'node:crypto';
import {buildImage, elfHeaderFor, type FileSpec} from '../../source/registry/image-builder.js';
import {makePlatform} from '../../source/registry/platform.js';
import {addTeamApp} from '../../source/simulator/resources.js';
import {newAccount} from '../../source/simulator/scenarios.js';
import type {SimAccount} from '../../source/simulator/account.js';

const amd64 = makePlatform('linux', 'amd64');
const arm64 = makePlatform('linux', 'arm64', 'v8');
const mib = 1024 * 1024;

/** Deterministic bytes that gzip cannot shrink, as compiled code and archives barely shrink. */
function noise(seed: string, size: number): Buffer {
	const chunks: Buffer[] = [];
	for (let index = 0; chunks.length * 32 < size; index++) chunks.push(createHash('sha256').update(`${seed}:${index}`).digest());
	return Buffer.concat(chunks).subarray(0, size);
}

function filesOf(folder: string, totalBytes: number, fileBytes: number): FileSpec[] {
	const count = Math.ceil(totalBytes / fileBytes);
	return [
		{path: folder, directory: true},
		...Array.from({length: count}, (_, index) => ({path: `${folder}/file-${index}`, content: noise(`${folder}${index}`, fileBytes), mode: 0o644})),
	];
}

export const layeredImageLayers = [
	{name: 'base', compressedMiB: 29},
	{name: 'runtime', compressedMiB: 45},
	{name: 'dependencies', compressedMiB: 18},
	{name: 'application', compressedMiB: 8},
	{name: 'config', compressedMiB: 0},
] as const;

export function layeredImageAccount(where: 'application' | 'base'): SimAccount {
	const account = newAccount();
	const now = account.now();
	const binary = {path: where === 'base' ? 'usr/bin/app' : 'srv/bin/app', content: elfHeaderFor(arm64)};
	const layers = layeredImageLayers.map(layer => {
		const files =
			layer.name === 'config'
				? [
						{path: 'etc/app', directory: true},
						{path: 'etc/app/config.yaml', content: 'port: 8080\n', mode: 0o644},
					]
				: filesOf(layer.name === 'base' ? 'usr/lib' : `opt/${layer.name}`, layer.compressedMiB * mib, layer.name === 'application' ? mib : 96 * 1024);
		const withBinary =
			layer.name === where ? [...files, ...(where === 'base' ? [{path: 'usr/bin', directory: true}] : [{path: 'srv/bin', directory: true}]), binary] : files;
		return withBinary as FileSpec[];
	});
	const image = buildImage({platform: amd64, format: 'oci', layers, entrypoint: [`/${binary.path}`], env: ['PATH=/usr/local/bin:/usr/bin:/bin']});
	return addTeamApp(account, image, now);
}
