/** Steps that get the right platform into ECR: log in, pull and check, tag, push; copy an index; build. */
import {parseManifest, platformsOfIndex} from '../../registry/manifest.js';
import {formatPlatform, runsOn, type Platform} from '../../registry/platform.js';
import {awsFlags, dockerCommand, shellQuote, type AwsScope} from '../shell.js';
import type {Change, UndoAction} from '../types.js';
import {docker, StepFailure, type ExecStep, type RunContext} from './step.js';
import {dockerErrorLine, inspectedPlatform, type InspectedImage} from '../../registry/docker-output.js';

export function tokenStep(registryId: string): ExecStep {
	return {
		id: 'ecr-token',
		title: 'Get a login token for ECR',
		kind: 'aws',
		display: `ecr:GetAuthorizationToken registryIds=["${registryId}"]`,
		// By hand, `aws ecr get-login-password` in the login step gets it.
		shell: [],
		mutating: false,
		async run(context) {
			context.memory.login = await context.aws.getAuthorizationToken(registryId);
			return {detail: `token for ${context.memory.login.registry}, valid for 12 hours`};
		},
	};
}

export function loginStep(registry: string, scope: AwsScope): ExecStep {
	return {
		id: 'docker-login',
		title: 'Log docker in to ECR',
		kind: 'docker',
		display: `docker login --username AWS --password-stdin ${registry}   # the token's password on stdin, never in argv`,
		shell: [`aws ecr get-login-password ${awsFlags(scope)} | docker login --username AWS --password-stdin ${registry}`],
		mutating: false,
		async run(context) {
			const login = context.memory.login;
			if (!login) throw new StepFailure('No ECR token: the token step did not run.');
			await docker(context, ['login', '--username', login.username, '--password-stdin', login.registry], login.password);
			return {detail: `logged in to ${login.registry}`};
		},
	};
}

/** A docker command that changes nothing outside this machine. */
function localDockerStep(id: string, title: string, args: readonly string[], detail: string): ExecStep {
	return {
		id,
		title,
		kind: 'docker',
		display: dockerCommand(args),
		shell: [dockerCommand(args)],
		mutating: false,
		async run(context) {
			await docker(context, args);
			return {detail};
		},
	};
}

export function pullStep(source: string, platform: Platform): ExecStep {
	return localDockerStep(
		'docker-pull',
		`Pull ${formatPlatform(platform)} of ${source}`,
		['pull', '--platform', formatPlatform(platform), source],
		`pulled ${source}`,
	);
}

/**
 * After `docker pull --platform`, the local image must really be that platform. Under the
 * containerd image store a tag holds every variant pulled so far, and a plain inspect shows this
 * machine's (arm64 on a Mac that pulled the image before), so the check names the platform.
 */
export function checkPulledStep(source: string, platform: Platform, containerdImageStore: boolean): ExecStep {
	const wanted = formatPlatform(platform);
	const named = containerdImageStore ? ['--platform', wanted] : [];
	const plain = ['image', 'inspect', '--format', '{{json .}}', source];
	const args = ['image', 'inspect', ...named, '--format', '{{json .}}', source];
	const notThere = `${source} holds no ${wanted} (docker pulls a single-platform image as it is). Nothing was pushed; pass --source with an image that has ${wanted}.`;
	return {
		id: 'check-pulled',
		title: `Check that the pulled image is ${wanted}`,
		kind: 'check',
		display: `${dockerCommand(args)}   # Os/Architecture must be ${wanted}`,
		shell: [`${dockerCommand(['image', 'inspect', ...named, '--format', '{{.Os}}/{{.Architecture}}', source])}   # must print ${wanted}`],
		mutating: false,
		async run(context) {
			const runOptions = context.signal ? {signal: context.signal} : {};
			let result = await context.docker.run(args, runOptions);
			const oldCli = containerdImageStore && result.exitCode !== 0 && /unknown flag: --platform/.test(result.stderr);
			if (oldCli) result = await context.docker.run(plain, runOptions);
			if (result.exitCode !== 0) {
				if (/does not provide the specified platform/.test(result.stderr)) throw new StepFailure(`The pull did not give ${wanted}: ${notThere}`);
				throw new StepFailure(`docker image inspect failed: ${dockerErrorLine(result)}`);
			}
			const pulled = inspectedPlatform(JSON.parse(result.stdout) as InspectedImage);
			if (runsOn(pulled, platform)) return {detail: `${source} is ${formatPlatform(pulled)}`};
			if (oldCli) {
				throw new StepFailure(
					`docker image inspect shows ${formatPlatform(pulled)}, which under the containerd image store may only be this machine's variant; this Docker CLI is older than 28.1 and cannot inspect ${wanted} alone. Nothing was pushed: upgrade Docker, or use --strategy copy-index.`,
				);
			}
			throw new StepFailure(`The pulled image is ${formatPlatform(pulled)}, not ${wanted}: ${notThere}`);
		},
	};
}

export function tagStep(source: string, destination: string): ExecStep {
	return localDockerStep('docker-tag', `Tag it as ${destination}`, ['tag', source, destination], `tagged ${destination}`);
}

/** Where a tag pointed before the fix moved it, or that it is new. */
export type TagUndo = AwsScope & {
	readonly registryId: string;
	readonly repository: string;
	readonly tag: string;
	readonly previousDigest?: string;
	readonly mediaType?: string;
};

/**
 * The exact commands that put a tag back where it was, or remove a tag that is new. `--output
 * text` would end the manifest with a newline, and ECR would store new bytes under a new digest:
 * jq -j writes the bytes as they are, and put-image checks them against the old digest.
 */
export function tagUndo(undo: TagUndo): string {
	const flags = `--repository-name ${shellQuote(undo.repository)} ${awsFlags(undo)}`;
	if (!undo.previousDigest) return `aws ecr batch-delete-image ${flags} --image-ids imageTag=${undo.tag}`;
	const type = undo.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json';
	return `aws ecr batch-get-image ${flags} --image-ids imageDigest=${undo.previousDigest} --accepted-media-types ${type} --query 'images[0].imageManifest' --output json | jq -j . > previous-manifest.json && aws ecr put-image ${flags} --image-tag ${undo.tag} --image-digest ${undo.previousDigest} --image-manifest file://previous-manifest.json --image-manifest-media-type ${type}`;
}

/** The undo as data: the previous manifest's very bytes, read from ECR before the push moves the tag. */
async function tagIntent(context: RunContext, undo: TagUndo): Promise<UndoAction> {
	const {registryId, repository, tag, previousDigest} = undo;
	if (!previousDigest) return {kind: 'remove-tag', registryId, repository, tag};
	const lookup = await context.account.batchGetImage(registryId, repository, {digest: previousDigest});
	if ('failure' in lookup)
		throw new StepFailure(
			`Could not read the manifest ${previousDigest} the tag names now, so it could not be put back: ${lookup.failure.reason}. Nothing was pushed.`,
		);
	return {
		kind: 'restore-tag',
		registryId,
		repository,
		tag,
		digest: previousDigest,
		mediaType: lookup.image.mediaType ?? undo.mediaType ?? '',
		manifest: lookup.image.manifest,
	};
}

function pushedDigest(output: string): string | undefined {
	return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1];
}

function tagChange(destination: string, digest: string | undefined, undo: TagUndo, undoAction: UndoAction): Omit<Change, 'step'> {
	return {
		description: `ECR ${destination} now points to ${digest ?? 'the pushed image'}${undo.previousDigest ? ` (was ${undo.previousDigest})` : ' (a new tag)'}`,
		undo: tagUndo(undo),
		undoAction,
	};
}

/** A docker command that ends in a push to ECR: its change is the tag it moved. */
function pushingStep(
	step: Omit<ExecStep, 'run' | 'kind' | 'display' | 'shell' | 'mutating'>,
	args: readonly string[],
	destination: string,
	undo: TagUndo,
	detail: (digest: string | undefined) => string,
): ExecStep {
	return {
		...step,
		kind: 'docker',
		display: dockerCommand(args),
		shell: [dockerCommand(args)],
		mutating: true,
		intent: context => tagIntent(context, undo),
		async run(context) {
			const undoAction = context.memory.intents?.get(step.id) ?? (await tagIntent(context, undo));
			const digest = pushedDigest(await docker(context, args));
			if (digest) context.memory.pushedDigest = digest;
			return {detail: detail(digest), change: tagChange(destination, digest, undo, undoAction)};
		},
	};
}

export function pushStep(destination: string, platform: Platform | undefined, undo: TagUndo): ExecStep {
	const args = ['push', ...(platform ? ['--platform', formatPlatform(platform)] : []), destination];
	return pushingStep({id: 'docker-push', title: `Push ${destination}`}, args, destination, undo, digest => `pushed ${digest ?? destination}`);
}

export function checkIndexStep(source: string, platform: Platform): ExecStep {
	const args = ['buildx', 'imagetools', 'inspect', '--raw', source];
	return {
		id: 'check-index',
		title: `Check that ${source} is an index with ${formatPlatform(platform)}`,
		kind: 'check',
		display: `${dockerCommand(args)}   # must be an index listing ${formatPlatform(platform)}`,
		shell: [`${dockerCommand(['buildx', 'imagetools', 'inspect', source])}   # must list ${formatPlatform(platform)}`],
		mutating: false,
		async run(context) {
			const manifest = parseManifest(await docker(context, args));
			if (manifest.kind !== 'index') {
				throw new StepFailure(`${source} is a single-platform image, not an index: copying it copies no ${formatPlatform(platform)}. Nothing was copied.`);
			}
			const platforms = platformsOfIndex(manifest.entries).runnable.map(entry => entry.platform);
			if (!platforms.some(candidate => runsOn(candidate, platform))) {
				throw new StepFailure(
					`${source} lists ${platforms.map(formatPlatform).join(', ') || 'no runnable platform'}, not ${formatPlatform(platform)}. Nothing was copied.`,
				);
			}
			return {detail: `${source} lists ${platforms.map(formatPlatform).join(', ')}`};
		},
	};
}

export function copyIndexStep(source: string, destination: string, undo: TagUndo): ExecStep {
	const args = ['buildx', 'imagetools', 'create', '-t', destination, source];
	return pushingStep({id: 'copy-index', title: `Copy the whole index of ${source} to ${destination}`}, args, destination, undo, () => `copied ${source}`);
}

/** `singleManifest`: no provenance or SBOM attestation, which would make the push an index (Lambda takes none). */
export function buildStep(destination: string, platform: Platform, cwd: string, undo: TagUndo, singleManifest = false): ExecStep {
	const attestations = singleManifest ? ['--provenance=false', '--sbom=false'] : [];
	const args = ['buildx', 'build', '--platform', formatPlatform(platform), ...attestations, '-t', destination, '--push', cwd];
	return pushingStep(
		{id: 'docker-build', title: `Build ${formatPlatform(platform)} from ${cwd} and push it`},
		args,
		destination,
		undo,
		() => `built and pushed ${destination}`,
	);
}
