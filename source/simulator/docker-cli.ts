/**
 * A docker CLI and daemon, simulated against the simulated account: enough of `info`, `login`,
 * `pull`, `image inspect`, `tag`, `push` and `buildx` for execdoctor's fixes to run end to end
 * in the demo and in tests (through test/fixtures/bin/docker). Behaviour follows Docker's,
 * including its traps: a `--platform` pull of a single-platform image silently gives that image,
 * and under the containerd image store a plain push can send the host's variant.
 */
import {writeFileSync} from 'node:fs';
import {buildImage, buildIndex, flattenImage, tarFiles, type BuiltImage} from '../registry/image-builder.js';
import {formatReference, parseImageReference} from '../registry/image-reference.js';
import {formatPlatform, makePlatform, parsePlatform, runsOn, type Platform} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import {isIssuedPassword} from './api/ecr.js';
import {SimError} from './errors.js';
import {platformOf, referenceKey, repositoryOf, resolveImage, selectPlatform} from './registries.js';

type Variant = {readonly image: BuiltImage; readonly platform: Platform};

/**
 * A tag in the local image store. The classic store keeps the one image last pulled; the
 * containerd store keeps the index and every platform variant pulled from it so far.
 */
type LocalImage = {
	readonly top: BuiltImage;
	readonly variants: readonly Variant[];
	readonly fromIndex: boolean;
	/** `repository@digest` of what was pulled: the exact image, whatever its tags do later. */
	readonly repoDigests: readonly string[];
};

export type DockerHostOptions = {
	readonly architecture?: 'amd64' | 'arm64';
	readonly containerdStore?: boolean;
	readonly daemon?: boolean;
	readonly buildx?: boolean;
	/** The CLI's version: before 28.1, `docker image inspect` has no --platform. */
	readonly cliVersion?: string;
};

export type SimDockerHost = Required<DockerHostOptions> & {
	readonly account: SimAccount;
	readonly images: Map<string, LocalImage>;
	readonly loggedIn: Set<string>;
};

export type DockerOutcome = {exitCode: number; stdout: string; stderr: string};

export function createDockerHost(account: SimAccount, options: DockerHostOptions = {}): SimDockerHost {
	return {
		account,
		architecture: 'arm64',
		containerdStore: true,
		daemon: true,
		buildx: true,
		cliVersion: '28.2.2',
		...options,
		images: new Map(),
		loggedIn: new Set(),
	};
}

const ok = (stdout = ''): DockerOutcome => ({exitCode: 0, stdout, stderr: ''});
const fail = (stderr: string): DockerOutcome => ({exitCode: 1, stdout: '', stderr});
const noDaemon = () => fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');

function key(reference: string): string | undefined {
	const parsed = parseImageReference(reference);
	return parsed ? referenceKey(parsed) : undefined;
}

/** Splits `--flag value` and `--flag=value` options from positionals. */
function split(argv: readonly string[], valued: readonly string[]): {options: Map<string, string | true>; positionals: string[]} {
	const options = new Map<string, string | true>();
	const positionals: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument.startsWith('-')) {
			const [name, inline] = argument.split('=', 2) as [string, string | undefined];
			if (inline !== undefined) options.set(name, inline);
			else if (valued.includes(name)) options.set(name, argv[++index] ?? '');
			else options.set(name, true);
		} else {
			positionals.push(argument);
		}
	}
	return {options, positionals};
}

function needsLogin(host: SimDockerHost, reference: string): DockerOutcome | undefined {
	const parsed = parseImageReference(reference);
	if (parsed?.ecr && !host.loggedIn.has(parsed.registry)) return fail(`${reference.split('/')[0]}: no basic auth credentials`);
	return undefined;
}

function info(host: SimDockerHost): DockerOutcome {
	if (!host.daemon) return {exitCode: 1, stdout: JSON.stringify({OSType: '', Architecture: '', ClientInfo: {Version: '28.2.2'}}), stderr: noDaemon().stderr};
	return ok(
		JSON.stringify({
			OSType: 'linux',
			Architecture: host.architecture === 'arm64' ? 'aarch64' : 'x86_64',
			ServerVersion: '28.2.2',
			Driver: host.containerdStore ? 'overlayfs' : 'overlay2',
			DriverStatus: host.containerdStore ? [['driver-type', 'io.containerd.snapshotter.v1']] : [['Backing Filesystem', 'extfs']],
		}),
	);
}

function login(host: SimDockerHost, argv: readonly string[], input: string | undefined): DockerOutcome {
	const {options, positionals} = split(argv, ['--username', '-u', '--password', '-p']);
	if (options.has('--password') || options.has('-p')) return fail('WARNING! Using --password via the CLI is insecure. Use --password-stdin.');
	if (!options.has('--password-stdin')) return fail('Error: Cannot perform an interactive login from a non TTY device');
	const registry = positionals[0] ?? 'docker.io';
	const password = (input ?? '').trim();
	if (!password) return fail('Error: Cannot perform an interactive login from a non TTY device');
	if (registry.includes('.dkr.ecr.') && !isIssuedPassword(host.account, password)) {
		return fail(`Error response from daemon: login attempt to https://${registry}/v2/ failed with status: 401 Unauthorized`);
	}
	host.loggedIn.add(registry.replace(/^https?:\/\//, ''));
	return ok('Login Succeeded');
}

function pull(host: SimDockerHost, argv: readonly string[]): DockerOutcome {
	if (!host.daemon) return noDaemon();
	const {options, positionals} = split(argv, ['--platform']);
	const reference = positionals[0];
	const localKey = reference ? key(reference) : undefined;
	if (!reference || !localKey) return fail('"docker pull" requires exactly 1 argument.');
	const denied = needsLogin(host, reference);
	if (denied) return denied;
	const wanted = typeof options.get('--platform') === 'string' ? parsePlatform(options.get('--platform') as string) : makePlatform('linux', host.architecture);
	if (!wanted) return fail(`invalid platform ${String(options.get('--platform'))}`);
	const found = resolveImage(host.account, reference);
	if (!found) return fail(`Error response from daemon: manifest for ${reference} not found: manifest unknown: manifest unknown`);
	const selected = selectPlatform(found.image, wanted);
	if ('error' in selected) return fail(selected.error);
	const variant = {image: selected.image, platform: platformOf(selected.image) ?? wanted};
	const existing = host.images.get(localKey);
	// The containerd store adds the variant to what it holds of the same index; the classic store replaces the image.
	const kept =
		host.containerdStore && selected.fromIndex && existing?.top.digest === found.image.digest
			? existing.variants.filter(other => formatPlatform(other.platform) !== formatPlatform(variant.platform))
			: [];
	const parsed = parseImageReference(reference)!;
	const repoDigest = formatReference({registry: parsed.registry, repository: parsed.repository, digest: found.image.digest});
	host.images.set(localKey, {
		top: selected.fromIndex && host.containerdStore ? found.image : selected.image,
		variants: [...kept, variant],
		fromIndex: selected.fromIndex,
		repoDigests: [repoDigest],
	});
	return ok(
		`${reference.split(':')[1] ?? 'latest'}: Pulling from ${reference}\nDigest: ${found.image.digest}\nStatus: Downloaded newer image for ${reference}\n${reference}`,
	);
}

/** The variant a command means: the one asked for, or (containerd) the host's when it is there, else the first. */
function variantOf(host: SimDockerHost, local: LocalImage, wanted: Platform | undefined): Variant | undefined {
	if (wanted) return local.variants.find(variant => runsOn(variant.platform, wanted) && runsOn(wanted, variant.platform));
	const native = makePlatform('linux', host.architecture);
	return local.variants.find(variant => runsOn(variant.platform, native)) ?? local.variants[0];
}

const platformMissing = (reference: string, platform: string) =>
	fail(`Error response from daemon: image with reference ${reference} was found but does not provide the specified platform (${platform})`);

function inspect(host: SimDockerHost, argv: readonly string[]): DockerOutcome {
	if (!host.daemon) return noDaemon();
	const {options, positionals} = split(argv, ['--format', '-f', '--platform']);
	const platformOption = options.get('--platform');
	if (platformOption !== undefined && Number.parseFloat(host.cliVersion) < 28.1) return fail("unknown flag: --platform\nSee 'docker image inspect --help'.");
	const reference = positionals[0] ?? '';
	const local = host.images.get(key(reference) ?? '');
	if (!local) return fail(`Error response from daemon: No such image: ${reference}`);
	const wanted = typeof platformOption === 'string' ? parsePlatform(platformOption) : undefined;
	const variant = variantOf(host, local, wanted);
	if (!variant) return platformMissing(reference, String(platformOption));
	const repoTags = [...host.images.entries()]
		.filter(([, image]) => image.top.digest === local.top.digest)
		.map(([name]) => name.replace(/^docker\.io\/(library\/)?/, ''));
	const details = {
		Id: `sha256:${variant.image.blobs[0]?.digest.slice(7) ?? ''}`,
		RepoTags: repoTags,
		RepoDigests: local.repoDigests,
		Os: variant.platform.os,
		Architecture: variant.platform.architecture,
		...(variant.platform.variant ? {Variant: variant.platform.variant} : {}),
	};
	const format = (options.get('--format') ?? options.get('-f')) as string | undefined;
	if (format === '{{json .}}') return ok(JSON.stringify(details));
	if (format?.includes('{{.Architecture}}')) return ok(formatPlatform(variant.platform));
	return ok(JSON.stringify([details], null, 4));
}

function tag(host: SimDockerHost, argv: readonly string[]): DockerOutcome {
	if (!host.daemon) return noDaemon();
	const [source, target] = argv;
	const local = source ? host.images.get(key(source) ?? '') : undefined;
	if (!local || !target || !key(target)) return fail(`Error response from daemon: No such image: ${source ?? ''}`);
	host.images.set(key(target)!, local);
	return ok();
}

function pushToRepository(host: SimDockerHost, reference: string, image: BuiltImage): DockerOutcome {
	const target = repositoryOf(host.account, reference);
	if ('error' in target) return fail(target.error);
	try {
		const digest = host.account.pushImage(target.repository.name, image, target.tag);
		return ok(`The push refers to repository [${reference.split(':')[0]}]\n${target.tag}: digest: ${digest} size: ${Buffer.byteLength(image.body)}`);
	} catch (error) {
		if (error instanceof SimError && error.code === 'ImageTagAlreadyExistsException') {
			return fail(
				`tag invalid: The image tag '${target.tag}' already exists in the '${target.repository.name}' repository and cannot be overwritten because the tag is immutable.`,
			);
		}
		throw error;
	}
}

function push(host: SimDockerHost, argv: readonly string[]): DockerOutcome {
	if (!host.daemon) return noDaemon();
	const {options, positionals} = split(argv, ['--platform']);
	const reference = positionals[0] ?? '';
	const local = host.images.get(key(reference) ?? '');
	if (!local) return fail(`An image does not exist locally with the tag: ${reference}`);
	const denied = needsLogin(host, reference);
	if (denied) return denied;
	const platformOption = options.get('--platform');
	if (typeof platformOption === 'string') {
		const wanted = parsePlatform(platformOption);
		const variant = wanted ? variantOf(host, local, wanted) : undefined;
		return variant ? pushToRepository(host, reference, variant.image) : platformMissing(reference, platformOption);
	}
	if (!host.containerdStore || !local.fromIndex) return pushToRepository(host, reference, local.variants[0]!.image);
	// containerd store, no --platform: the whole index when every variant is here, else one variant,
	// the host's when there is a choice: the trap that sends arm64 from a Mac.
	const runnable = local.top.children.filter(child => platformOf(child) && platformOf(child)!.os !== 'unknown');
	if (runnable.every(child => local.variants.some(variant => variant.image.digest === child.digest))) return pushToRepository(host, reference, local.top);
	return pushToRepository(host, reference, variantOf(host, local, undefined)!.image);
}

function buildx(host: SimDockerHost, argv: readonly string[]): DockerOutcome {
	if (!host.buildx) return fail(`docker: 'buildx' is not a docker command.\nSee 'docker --help'`);
	const [command, ...rest] = argv;
	if (command === 'version') return ok('github.com/docker/buildx v0.29.1 simulated');
	if (command === 'imagetools') {
		const [sub, ...args] = rest;
		const {options, positionals} = split(args, ['-t', '--tag', '--format']);
		if (sub === 'inspect') {
			const reference = positionals[0] ?? '';
			const found = resolveImage(host.account, reference);
			if (!found) return fail(`ERROR: ${reference}: not found`);
			return ok(options.has('--raw') ? found.image.body : `Name: ${reference}\nDigest: ${found.image.digest}`);
		}
		if (sub === 'create') {
			const target = (options.get('-t') ?? options.get('--tag')) as string | undefined;
			const source = positionals[0];
			if (!target || !source) return fail('ERROR: imagetools create needs -t and a source');
			const denied = needsLogin(host, target);
			if (denied) return denied;
			const found = resolveImage(host.account, source);
			if (!found) return fail(`ERROR: ${source}: not found`);
			return pushToRepository(host, target, found.image);
		}
	}
	if (command === 'build') {
		if (!host.daemon) return noDaemon();
		const {options} = split(rest, ['--platform', '-t', '--tag', '-f', '--file']);
		const target = (options.get('-t') ?? options.get('--tag')) as string | undefined;
		const platforms = String(options.get('--platform') ?? `linux/${host.architecture}`)
			.split(',')
			.map(text => parsePlatform(text));
		if (!target || platforms.some(platform => !platform)) return fail('ERROR: invalid build arguments');
		if (!options.has('--push')) return fail('ERROR: execdoctor only simulates build --push');
		const denied = needsLogin(host, target);
		if (denied) return denied;
		const images = (platforms as Platform[]).map(platform =>
			buildImage({platform, format: 'oci', payload: `#!/bin/sh\nexec app # rebuilt for ${formatPlatform(platform)}\n`}),
		);
		const image = images.length === 1 ? images[0]! : buildIndex({images, attestations: true});
		return pushToRepository(host, target, image);
	}
	return fail(`simulated docker: unsupported buildx command ${argv.join(' ')}`);
}

/**
 * `docker save -o FILE [--platform P] IMAGE`, as Docker 25+ writes it: an OCI image layout in a
 * tarball (oci-layout, index.json naming the image, blobs/sha256/…). One platform's image, the
 * host's by default; --platform needs the containerd store and Docker 28.
 */
function save(host: SimDockerHost, argv: readonly string[]): DockerOutcome {
	if (!host.daemon) return noDaemon();
	const {options, positionals} = split(argv, ['-o', '--output', '--platform']);
	const output = options.get('-o') ?? options.get('--output');
	if (typeof output !== 'string') return fail('cowardly refusing to save to a terminal. Use the -o flag or redirect');
	const platformOption = options.get('--platform');
	if (platformOption !== undefined && Number.parseFloat(host.cliVersion) < 28) return fail("unknown flag: --platform\nSee 'docker save --help'.");
	const reference = positionals[0] ?? '';
	const local = host.images.get(key(reference) ?? '');
	if (!local) return fail(`Error response from daemon: No such image: ${reference}`);
	const variant = variantOf(host, local, typeof platformOption === 'string' ? parsePlatform(platformOption) : undefined);
	if (!variant) return platformMissing(reference, String(platformOption));
	const {manifests, blobs} = flattenImage(variant.image);
	const files = [
		{path: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}'},
		{
			path: 'index.json',
			content: JSON.stringify({
				schemaVersion: 2,
				manifests: [{mediaType: variant.image.mediaType, digest: variant.image.digest, size: variant.image.body.length}],
			}),
		},
		...manifests.map(manifest => ({path: `blobs/sha256/${manifest.digest.slice(7)}`, content: manifest.body})),
		...blobs.map(blob => ({path: `blobs/sha256/${blob.digest.slice(7)}`, content: blob.bytes})),
	];
	writeFileSync(output, tarFiles(files));
	return ok('');
}

/** Runs one docker command line against the simulated host. */
export function runSimulatedDocker(host: SimDockerHost, argv: readonly string[], input?: string): DockerOutcome {
	const [command, ...rest] = argv;
	switch (command) {
		case 'info': {
			return info(host);
		}
		case 'login': {
			return login(host, rest, input);
		}
		case 'pull': {
			return pull(host, rest);
		}
		case 'image': {
			return rest[0] === 'inspect' ? inspect(host, rest.slice(1)) : fail(`simulated docker: unsupported image command ${rest[0] ?? ''}`);
		}
		case 'inspect': {
			return inspect(host, rest);
		}
		case 'tag': {
			return tag(host, rest);
		}
		case 'save': {
			return save(host, rest);
		}
		case 'push': {
			return push(host, rest);
		}
		case 'buildx': {
			return buildx(host, rest);
		}
		default: {
			return fail(`simulated docker: unsupported command ${command ?? ''}`);
		}
	}
}
