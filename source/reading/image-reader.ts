import {isAwsError} from '../errors.js';
import {parseImageReference, type ImageReference} from '../registry/image-reference.js';
import {digestMismatch} from '../registry/digest.js';
import {parseConfigBlob, parseManifest, parseRunConfig, platformsOfIndex, type ImageRunConfig, type LayerDescriptor} from '../registry/manifest.js';
import {formatPlatform, runsOn, type Platform} from '../registry/platform.js';
import type {AccountPort, EcrImageLookup} from '../ports/account.js';
import type {Progress} from './progress.js';
import {shortDigest, type ImageFacts} from '../diagnosis/facts.js';

/** One platform's manifest of an image: its layers, bottom first, and its run config. */
export type RunnableImage = {
	/** The ECR that holds it: another region's, for an image there (the scan's own when absent). */
	readonly port?: Pick<AccountPort, 'openBlob'>;
	readonly registryId: string;
	readonly repository: string;
	readonly digest: string;
	readonly layers: readonly LayerDescriptor[];
	readonly config: ImageRunConfig;
};

function unknown(raw: string, reference: ImageReference | undefined, reason: string, extra: Partial<ImageFacts> = {}): ImageFacts {
	return {raw, ...(reference ? {reference} : {}), platforms: [], attestationCount: 0, unknownReason: reason, ...extra};
}

/** Reads what an image really holds from ECR, once per image however many workloads run it. */
export class ImageReader {
	private readonly cache = new Map<string, Promise<ImageFacts>>();
	/** BatchGetImage answers, shared by full reads and the cheaper tag checks. */
	private readonly lookups = new Map<string, Promise<EcrImageLookup>>();
	private readonly pushTimes = new Map<string, Promise<Date | 'unreadable' | undefined>>();

	/**
	 * Config blobs by digest, shared by every reader of a scan (and of the scans of several
	 * regions): a blob's digest is its content, so the same image replicated to another region
	 * or repository is downloaded once. Checked against the digest wherever it is used.
	 */
	private async configBlob(registryId: string, repository: string, digest: string): Promise<Uint8Array> {
		let blob = this.blobs.get(digest);
		if (!blob) {
			// Only bytes that are what their digest says are kept for others.
			blob = this.port.getBlob(registryId, repository, digest).then(bytes => {
				if (digestMismatch(bytes, digest)) this.blobs.delete(digest);
				return bytes;
			});
			this.blobs.set(digest, blob);
			blob.catch(() => this.blobs.delete(digest));
		}
		return blob;
	}

	/** A reader per other region, for images in another region's ECR. */
	private readonly elsewhere = new Map<string, Promise<ImageReader | undefined>>();

	constructor(
		private readonly port: AccountPort,
		private readonly progress: Progress,
		/** The same identity in another region: an image in that region's ECR is read there. */
		private readonly regionPort?: (region: string) => Promise<AccountPort>,
		private readonly blobs: Map<string, Promise<Uint8Array>> = new Map(),
	) {}

	/** The reader for an image in another region's ECR, when this scan may reach it. */
	private readerIn(region: string): Promise<ImageReader | undefined> {
		if (!this.regionPort) return Promise.resolve(undefined);
		let reader = this.elsewhere.get(region);
		if (!reader) {
			reader = this.regionPort(region).then(
				port => new ImageReader(port, this.progress, undefined, this.blobs),
				(error: unknown) => {
					this.progress.tolerate(error, `Reaching ECR in ${region}`);
					return undefined;
				},
			);
			this.elsewhere.set(region, reader);
		}
		return reader;
	}

	private async remote(raw: string): Promise<ImageReader | undefined> {
		const region = parseImageReference(raw)?.ecr?.region;
		return region && region !== this.port.region ? this.readerIn(region) : undefined;
	}

	/** How many distinct images have been looked up. */
	get count(): number {
		return this.cache.size;
	}

	private lookup(registryId: string, repository: string, imageId: {tag?: string; digest?: string}): Promise<EcrImageLookup> {
		const key = `${registryId}/${repository}|${imageId.digest ?? ''}|${imageId.tag ?? ''}`;
		let found = this.lookups.get(key);
		if (!found) {
			found = this.port.batchGetImage(registryId, repository, imageId);
			this.lookups.set(key, found);
		}
		return found;
	}

	/**
	 * The image by the digest a task resolved, asked for by its tag first: while the tag still
	 * names that digest (the usual case), the one answer is both the image and the proof the tag
	 * did not move, which tagDigests then reads from the cache.
	 */
	private async lookupDigest(registryId: string, repository: string, digest: string, tag: string | undefined): Promise<EcrImageLookup> {
		const digestKey = `${registryId}/${repository}|${digest}|`;
		const cached = this.lookups.get(digestKey);
		if (cached || tag === undefined) return cached ?? this.lookup(registryId, repository, {digest});
		const byTag = await this.lookup(registryId, repository, {tag});
		if ('failure' in byTag || byTag.image.digest !== digest) return this.lookup(registryId, repository, {digest});
		this.lookups.set(digestKey, Promise.resolve(byTag));
		return byTag;
	}

	/**
	 * The digest an ECR tag names now, and the digests of its index entries, with one BatchGetImage
	 * (no config blob): enough to tell whether the tag moved. Undefined when it cannot be read.
	 */
	async tagDigests(raw: string): Promise<{digest: string; entries: readonly string[]} | undefined> {
		const remote = await this.remote(raw);
		if (remote) return remote.tagDigests(raw);
		const reference = parseImageReference(raw);
		if (!reference?.ecr || reference.digest || reference.ecr.region !== this.port.region) return undefined;
		try {
			const lookup = await this.lookup(reference.ecr.registryId, reference.repository, {tag: reference.tag ?? 'latest'});
			if ('failure' in lookup) return undefined;
			const manifest = parseManifest(lookup.image.manifest, lookup.image.mediaType);
			return {digest: lookup.image.digest, entries: manifest.kind === 'index' ? manifest.entries.map(entry => entry.digest) : []};
		} catch (error) {
			if (!isAwsError(error) || error.kind === 'credentials' || error.kind === 'region') throw error;
			return undefined;
		}
	}

	/** When the image an ECR tag names was pushed; `unreadable` when ECR may not be asked (a warning says why). */
	pushedAt(raw: string): Promise<Date | 'unreadable' | undefined> {
		let found = this.pushTimes.get(raw);
		if (!found) {
			const reference = parseImageReference(raw);
			const region = reference?.ecr?.region;
			found =
				!reference?.ecr || reference.digest
					? Promise.resolve(undefined)
					: region && region !== this.port.region
						? this.readerIn(region).then(remote => remote?.pushedAt(raw))
						: this.port.imagePushedAt(reference.ecr.registryId, reference.repository, reference.tag ?? 'latest').catch((error: unknown) => {
								// Credential, region and non-AWS failures are thrown again by tolerate.
								this.progress.tolerate(error, `Reading when ${raw} was pushed`);
								return 'unreadable' as const;
							});
			this.pushTimes.set(raw, found);
		}
		return found;
	}

	/**
	 * The single manifest a runtime of `platform` runs from this image (an index's entry for it),
	 * with its layers and run config, checked against their digests: what reading the files needs.
	 */
	async runnable(facts: ImageFacts, platform: Platform): Promise<RunnableImage | {readonly reason: string}> {
		const remote = await this.remote(facts.raw);
		if (remote) return remote.runnable(facts, platform);
		const reference = facts.reference;
		if (!reference?.ecr || !facts.digest) return {reason: 'the image is not in ECR, so its files cannot be read'};
		const {registryId} = reference.ecr;
		const digest = facts.kind === 'index' ? facts.entries?.find(entry => runsOn(entry.platform, platform))?.digest : facts.digest;
		if (!digest) return {reason: `the index has no entry for ${formatPlatform(platform)}`};
		try {
			const lookup = await this.lookup(registryId, reference.repository, {digest});
			if ('failure' in lookup) return {reason: `ECR has no manifest ${shortDigest(digest)}: ${lookup.failure.reason}`};
			if (digestMismatch(lookup.image.manifest, digest)) return {reason: `the manifest ${shortDigest(digest)} does not match its digest`};
			const manifest = parseManifest(lookup.image.manifest, lookup.image.mediaType);
			if (manifest.kind !== 'manifest') return {reason: `${shortDigest(digest)} is not an image manifest`};
			const blob = await this.configBlob(registryId, reference.repository, manifest.configDigest);
			if (digestMismatch(blob, manifest.configDigest)) return {reason: `the config blob ${shortDigest(manifest.configDigest)} does not match its digest`};
			return {
				port: this.port,
				registryId,
				repository: reference.repository,
				digest,
				layers: manifest.layers,
				config: parseRunConfig(new TextDecoder().decode(blob)),
			};
		} catch (error) {
			if (!isAwsError(error) || error.kind === 'credentials' || error.kind === 'region') throw error;
			return {reason: `reading the manifest failed: ${error.message}`};
		}
	}

	read(raw: string, options: {digest?: string; digestSource?: string} = {}): Promise<ImageFacts> {
		const key = `${raw}|${options.digest ?? ''}`;
		let facts = this.cache.get(key);
		if (!facts) {
			facts = this.load(raw, options);
			this.cache.set(key, facts);
		}
		return facts;
	}

	private async load(raw: string, options: {digest?: string; digestSource?: string}): Promise<ImageFacts> {
		const reference = parseImageReference(raw);
		if (!reference) return unknown(raw, undefined, `"${raw}" is not a valid image reference.`);
		if (!reference.ecr) return unknown(raw, reference, `${raw} is not in Amazon ECR; execdoctor reads image platforms from ECR only.`);
		if (reference.ecr.region !== this.port.region) {
			const remote = await this.readerIn(reference.ecr.region);
			if (remote) return remote.read(raw, options);
			return unknown(
				raw,
				reference,
				`${raw} is in ECR in ${reference.ecr.region}, and this scan reads ECR in ${this.port.region} only; run again with --region ${reference.ecr.region} to inspect it.`,
			);
		}
		const digest = options.digest ?? reference.digest;
		const imageId = digest ? {digest} : {tag: reference.tag ?? 'latest'};
		const digestSource = options.digest ? options.digestSource : reference.digest ? 'pinned in the image reference' : `tag ${imageId.tag} resolved in ECR now`;
		const {registryId} = reference.ecr;
		try {
			const lookup =
				options.digest && !reference.digest
					? await this.lookupDigest(registryId, reference.repository, options.digest, reference.tag ?? 'latest')
					: await this.lookup(registryId, reference.repository, imageId);
			if ('failure' in lookup) {
				return unknown(
					raw,
					reference,
					`ECR has no image ${digest ?? `tagged ${imageId.tag}`} in ${reference.repository} (${lookup.failure.code}: ${lookup.failure.reason}).`,
				);
			}
			const {image} = lookup;
			const base = {raw, reference, digest: image.digest, ...(digestSource ? {digestSource} : {}), ...(image.mediaType ? {mediaType: image.mediaType} : {})};
			const tampered = digestMismatch(image.manifest, image.digest);
			if (tampered) {
				return unknown(
					raw,
					reference,
					`The manifest ECR returned as ${image.digest} does not match that digest (${tampered}): what it says cannot be trusted.`,
					base,
				);
			}
			const manifest = parseManifest(image.manifest, image.mediaType);
			if (manifest.kind === 'malformed') return unknown(raw, reference, `The manifest ${shortDigest(image.digest)} is malformed: ${manifest.reason}.`, base);
			if (manifest.kind === 'schema1') {
				return manifest.platform
					? {...base, kind: 'manifest', platforms: [manifest.platform], attestationCount: 0, platformSource: `schema 1 manifest ${shortDigest(image.digest)}`}
					: unknown(raw, reference, `The schema 1 manifest ${shortDigest(image.digest)} names no architecture.`, base);
			}
			if (manifest.kind === 'index') {
				const {runnable, attestationCount, unlabeled} = platformsOfIndex(manifest.entries);
				if (runnable.length === 0 && unlabeled.length > 0) {
					return unknown(
						raw,
						reference,
						`The index ${shortDigest(image.digest)} has ${unlabeled.length} entries without a platform, so what it runs on cannot be read from it.`,
						{...base, kind: 'index'},
					);
				}
				return {
					...base,
					kind: 'index',
					platforms: runnable.map(entry => entry.platform),
					entries: runnable,
					attestationCount,
					platformSource: `ECR index ${shortDigest(image.digest)}`,
				};
			}
			if (manifest.artifactType) {
				return unknown(raw, reference, `${shortDigest(image.digest)} is an artifact (${manifest.artifactType}), not a runnable image.`, {
					...base,
					kind: 'manifest',
				});
			}
			const blob = await this.configBlob(registryId, reference.repository, manifest.configDigest);
			const wrongBlob = digestMismatch(blob, manifest.configDigest);
			if (wrongBlob) {
				return unknown(
					raw,
					reference,
					`The config blob downloaded as ${manifest.configDigest} does not match that digest (${wrongBlob}): the platform it names cannot be trusted.`,
					{...base, kind: 'manifest'},
				);
			}
			const config = parseConfigBlob(new TextDecoder().decode(blob));
			if (config.kind === 'malformed') {
				return unknown(raw, reference, `The config blob ${shortDigest(manifest.configDigest)} is malformed: ${config.reason}.`, {...base, kind: 'manifest'});
			}
			return {
				...base,
				kind: 'manifest',
				platforms: [config.platform],
				attestationCount: 0,
				platformSource: `config blob ${shortDigest(manifest.configDigest)} of single manifest ${shortDigest(image.digest)}`,
			};
		} catch (error) {
			if (!isAwsError(error) || error.kind === 'credentials' || error.kind === 'region') throw error;
			this.progress.tolerate(error, `Reading image ${raw}`);
			return unknown(
				raw,
				reference,
				error.kind === 'access-denied' ? `Not allowed to read the image from ECR (${error.action}).` : `Reading the image from ECR failed: ${error.message}`,
			);
		}
	}
}
