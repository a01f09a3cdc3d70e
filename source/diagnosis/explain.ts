import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import {plural} from '../text.js';
import {shortDigest, type ImageFacts, type RuntimeFacts} from './facts.js';
import type {HostReport, Verdict, Workload} from './types.js';
import type {BinaryFinding} from './binary-evidence.js';

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? `${text[0]!.toLowerCase()}${text.slice(1)}` : text);

export type ExplainInput = {
	readonly verdict: Verdict;
	readonly workload: Workload;
	readonly image: ImageFacts;
	readonly runtime: RuntimeFacts;
	readonly host: HostReport;
	readonly hostPlatform?: Platform;
	readonly unknownReason?: string;
	readonly entrypoint?: string;
	/** What the tag names now, when it was pushed again after the failure. */
	readonly tagNow?: ImageFacts;
	/** The image was read by the digest the workload's task ran. */
	readonly ranDigest?: boolean;
	/** What the bytes of the file that failed say. */
	readonly bytes?: BinaryFinding;
};

const kindWords: Record<Workload['kind'], string> = {
	'ecs-service': 'ECS service',
	'ecs-task': 'ECS task',
	'apprunner-service': 'App Runner service',
	'lambda-function': 'Lambda function',
};

export function workloadLabel(workload: Workload): string {
	return `${kindWords[workload.kind]} ${workload.cluster ? `${workload.cluster}/` : ''}${workload.name}`;
}

function list(platforms: readonly Platform[]): string {
	return platforms.map(formatPlatform).join(', ') || 'no runnable platform';
}

function imageName(image: ImageFacts): string {
	return image.reference ? `${image.reference.repository}${image.reference.tag ? `:${image.reference.tag}` : ''}` : image.raw;
}

/**
 * The other causes of exec format error, when the bytes were not read. (A CRLF #! line is not
 * one: `#!/bin/sh\r` names a file that does not exist, which fails with "no such file or directory".)
 */
export function hypothesesFor(verdict: Verdict, entrypoint?: string, bytes?: BinaryFinding): string[] {
	if (verdict !== 'not-architecture') return [];
	// The bytes were read: a cause found is no hypothesis, and a right file leaves one place to look.
	if (bytes?.cause) return [];
	if (bytes) {
		const checked = bytes.interpreter ? `${bytes.file.path} and its interpreter ${bytes.interpreter.path}` : bytes.file.path;
		return [
			`${checked} ${bytes.interpreter ? 'are' : 'is'} right for this platform (their bytes were read): the error comes from a program started in turn (a plugin, a downloaded tool, a subprocess), which its log line names.`,
		];
	}
	const target = entrypoint ?? 'the entrypoint';
	return [
		`${target} is a script without a #! first line (the kernel cannot tell which interpreter runs it).`,
		`${target} was built for another operating system (a macOS binary copied into a Linux image).`,
		'The image is labelled wrongly: its config says one architecture but the files inside are for another (check the binary with `file`).',
		`${target} is not an executable at all (an empty or truncated file, or an HTML error page saved by a failed download).`,
	];
}

/** One sentence for lists, and a few plain paragraphs for the detail view. */
export function explain(input: ExplainInput): {summary: string; explanation: string[]} {
	const {verdict, workload, image, runtime} = input;
	const needed = runtime.platform ? formatPlatform(runtime.platform) : 'an unknown platform';
	const name = imageName(image);
	const label = workloadLabel(workload);
	const kernel =
		"A container shares the host's kernel and CPU, so a program built for one CPU architecture cannot start on another: the kernel refuses it, and runc reports `exec format error`.";
	const hostNote =
		input.hostPlatform &&
		image.platforms.length > 0 &&
		image.platforms.every(platform => runsOn(platform, input.hostPlatform!)) &&
		runtime.platform &&
		!runsOn(runtime.platform, input.hostPlatform)
			? `This machine is ${formatPlatform(input.hostPlatform)} (${input.host.source === 'docker-daemon' ? 'Docker daemon' : 'Node.js process'}): a plain \`docker pull\` or \`docker build\` here gives exactly what the image holds, which is the usual way such an image ends up in ECR.`
			: undefined;

	const theImage = input.ranDigest ? `The image ${label} ran` : 'The image in ECR';
	const moved = input.tagNow
		? [
				`Since then the tag was pushed again: it now names ${shortDigest(input.tagNow.digest!)}, which holds ${list(input.tagNow.platforms)}. ${
					runtime.platform && input.tagNow.platforms.some(platform => runsOn(platform, runtime.platform!))
						? `That image can run, but ${label} keeps the digest its deployment resolved before: only a new deployment picks the fixed image up.`
						: `That image cannot run on ${needed} either.`
				}`,
			]
		: [];

	// The label agrees with the runtime (or could not be read), and the bytes do not: they settle it.
	const labelHolds = Boolean(runtime.platform && image.platforms.some(platform => runsOn(platform, runtime.platform!)));
	if (verdict === 'architecture-mismatch' && input.bytes?.cause && (labelHolds || image.platforms.length === 0)) {
		const files = lowerFirst(input.bytes.cause.replace(/^The image says [^,]+, but /, ''));
		return {
			summary: labelHolds
				? `${name}'s label says ${list(image.platforms)}, but its files are not: ${files}`
				: `${name}'s label could not be read, but its files settle it: ${files}`,
			explanation: [
				`${input.bytes.cause.replace(/\.$/, '')} (read from layer ${shortDigest(input.bytes.file.layer ?? '')}${input.bytes.file.via.length > 0 ? `, following ${input.bytes.file.via.join(', ')}` : ''}).`,
				...(labelHolds
					? [
							`A label is only what the build wrote into the image config: a cross-build that compiles for one machine and labels for another (GOARCH or a copied binary under \`--platform ${needed}\`) gives an image that says ${needed} and cannot run there. Pulling or copying it again brings the same files: rebuild it for ${needed}.`,
						]
					: [`The image's label could not be read: ${input.unknownReason ?? image.unknownReason ?? 'it names no platform'}`]),
				kernel,
			],
		};
	}
	switch (verdict) {
		case 'architecture-mismatch': {
			return {
				summary: `${name} holds only ${list(image.platforms)}, but ${label} runs on ${needed}.`,
				explanation: [
					`${theImage} is a single-platform image for ${list(image.platforms)} (${image.platformSource ?? 'read from ECR'}). ${label} needs ${needed}: ${runtime.source}.`,
					...moved,
					kernel,
					...(hostNote
						? [hostNote]
						: [
								'An image pulled or built on an Apple Silicon Mac and pushed as is holds arm64 only: `docker pull` and `docker build` pick the platform of the machine they run on.',
							]),
				],
			};
		}
		case 'platform-missing': {
			const attestations =
				image.attestationCount > 0 ? ` and ${plural(image.attestationCount, 'attestation entry', 'attestation entries')} (unknown/unknown)` : '';
			return {
				summary: `${name} is a multi-platform index without ${needed}: it holds ${list(image.platforms)}${attestations}.`,
				explanation: [
					`${theImage} is an index (${image.platformSource ?? 'read from ECR'}) listing ${list(image.platforms)}${attestations}. ${label} needs ${needed}: ${runtime.source}.`,
					...moved,
					`With no ${needed} entry to choose, the runtime cannot pull the image at all: tasks stop with CannotPullContainerError before anything runs, so there is often no log line. If a single-platform image slipped through instead, the container would start and die with exec format error.`,
					'`docker buildx build --push` without --platform builds for the machine it runs on and adds a provenance attestation, which turns a one-platform build into an index like this one.',
					...(hostNote ? [hostNote] : []),
				],
			};
		}
		case 'index-rejected': {
			const attestations =
				image.attestationCount > 0 ? ` and ${plural(image.attestationCount, 'attestation entry', 'attestation entries')} (unknown/unknown)` : '';
			return {
				summary: `${name} is an index (${list(image.platforms)}${attestations}): Lambda takes a single-platform image only, so ${label} refused it.`,
				explanation: [
					`${theImage === 'The image in ECR' ? 'The image' : theImage} is an index (${image.platformSource ?? 'read from ECR'}) listing ${list(image.platforms)}${attestations}. ${label} needs ${needed}: ${runtime.source}, and Lambda runs only a single-platform manifest (Docker v2 or OCI), never an index: "Lambda does not support multi-architecture images".`,
					'`docker buildx build --push` adds a provenance attestation by default, which turns even a one-platform build into an index like this one. Build with `--provenance=false --sbom=false`, or push one platform with `docker push --platform`.',
				],
			};
		}
		case 'not-architecture': {
			if (input.bytes?.cause) {
				return {
					summary: `${name} holds ${needed}, which ${label} needs; the cause is in its files: ${lowerFirst(input.bytes.cause)}`,
					explanation: [
						`The image holds ${list(image.platforms)} (${image.platformSource ?? 'read from ECR'}) and ${label} runs on ${needed} (${runtime.source}). Image and runtime agree.`,
						`The file the container started was read from the image (layer ${shortDigest(input.bytes.file.layer ?? '')}${input.bytes.file.via.length > 0 ? `, following ${input.bytes.file.via.join(', ')}` : ''}): ${input.bytes.cause}`,
					],
				};
			}
			return {
				summary: `${name} holds ${needed}, which ${label} needs, so the architecture is not the cause of exec format error.`,
				explanation: [
					`The image holds ${list(image.platforms)} (${image.platformSource ?? 'read from ECR'}) and ${label} runs on ${needed} (${runtime.source}). Image and runtime agree.`,
					'exec format error only means the kernel could not execute the file it was asked to run. Other known causes are listed below: check them in that order.',
				],
			};
		}
		default: {
			return {
				summary: `Exec format error on ${label}, but the cause could not be checked: ${input.unknownReason ?? 'evidence is missing'}`,
				explanation: [`execdoctor reports a cause only when it has checked it. ${input.unknownReason ?? ''}`.trim()],
			};
		}
	}
}
