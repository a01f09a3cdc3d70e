import {createHash} from 'node:crypto';
import {flattenImage, type BuiltImage} from '../registry/image-builder.js';
import {parseImageReference} from '../registry/image-reference.js';
import {isTagImmutable} from '../registry/tag-mutability.js';
import {SimError} from './errors.js';
import {
	realisticTiming,
	type EcsTiming,
	type Millis,
	type SimAppRunnerService,
	type SimLambdaFunction,
	type SimCluster,
	type SimInsightsQuery,
	type SimLogGroup,
	type SimManifest,
	type SimRepository,
	type SimTaskDefinition,
} from './model.js';

export type SimAccountOptions = {
	readonly accountId?: string;
	readonly region?: string;
	readonly principal?: string;
	readonly timing?: EcsTiming;
	readonly clock?: () => Millis;
	/** Seeds generated ids, so a scenario produces the same ids on every run. */
	readonly seed?: string;
	/** What runc says when exec fails: `new` (≥ 1.1, `exec /x: exec format error`) or `old`. */
	readonly runc?: 'new' | 'old';
};

/** The regions AWS enables for a new account (opt-in regions are not among them). */
export const defaultEnabledRegions = [
	'ap-northeast-1',
	'ap-northeast-2',
	'ap-northeast-3',
	'ap-south-1',
	'ap-southeast-1',
	'ap-southeast-2',
	'ca-central-1',
	'eu-central-1',
	'eu-north-1',
	'eu-west-1',
	'eu-west-2',
	'eu-west-3',
	'sa-east-1',
	'us-east-1',
	'us-east-2',
	'us-west-1',
	'us-west-2',
];

export class SimAccount {
	readonly accountId: string;
	readonly region: string;
	readonly principalArn: string;
	timing: EcsTiming;
	readonly runc: 'new' | 'old';
	readonly repositories = new Map<string, SimRepository>();
	readonly taskDefinitions = new Map<string, SimTaskDefinition[]>();
	readonly clusters = new Map<string, SimCluster>();
	readonly logGroups = new Map<string, SimLogGroup>();
	readonly queries = new Map<string, SimInsightsQuery>();
	readonly appRunnerServices = new Map<string, SimAppRunnerService>();
	readonly lambdaFunctions = new Map<string, SimLambdaFunction>();
	/**
	 * CloudWatch cross-account observability: when this is a monitoring account, the source
	 * accounts (the same region) whose log groups its `SOURCE logGroups(…)` queries also cover.
	 */
	linkedSources: SimAccount[] = [];
	/** IAM roles another account may assume here (sts:AssumeRole), by name. */
	readonly assumableRoles = new Set<string>();
	/** What account:ListRegions says is enabled. */
	enabledRegions: string[] = [...defaultEnabledRegions];
	private readonly clock: () => Millis;
	private readonly seed: string;
	private counter = 0;
	/** Set by the engines: runs every scheduler up to the time asked. */
	advanceHooks: ((now: Millis) => void)[] = [];
	/** Set by the engines: what happens when a tag is pushed (App Runner's automatic deployments). */
	pushHooks: ((repositoryName: string, tag: string, at: Millis) => void)[] = [];

	constructor(options: SimAccountOptions = {}) {
		this.accountId = options.accountId ?? '123456789012';
		this.region = options.region ?? 'ap-northeast-1';
		this.principalArn = options.principal ?? `arn:aws:iam::${this.accountId}:user/on-call`;
		this.timing = options.timing ?? realisticTiming;
		this.clock = options.clock ?? Date.now;
		this.seed = options.seed ?? 'execdoctor';
		this.runc = options.runc ?? 'new';
	}

	now(): Millis {
		return this.clock();
	}

	/** A 32-hex id, deterministic for a given seed and call order. */
	newId(): string {
		this.counter++;
		return createHash('sha256').update(`${this.seed}:${this.counter}`).digest('hex').slice(0, 32);
	}

	/** A UUID-shaped id (8-4-4-4-12), as App Runner operation ids and Logs Insights query ids are. */
	newUuid(): string {
		const hex = this.newId();
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
	}

	/** Brings every deployment and operation up to `now`. Called before each API answer. */
	advance(now: Millis = this.now()): void {
		for (const hook of this.advanceHooks) hook(now);
	}

	arn(service: string, resource: string): string {
		return `arn:aws:${service}:${this.region}:${this.accountId}:${resource}`;
	}

	get registryHost(): string {
		return `${this.accountId}.dkr.ecr.${this.region}.amazonaws.com`;
	}

	// --- ECR ---------------------------------------------------------------

	createRepository(name: string, options: {mutability?: 'MUTABLE' | 'IMMUTABLE'; createdAt?: Millis} = {}): SimRepository {
		const existing = this.repositories.get(name);
		if (existing) return existing;
		const repository: SimRepository = {
			name,
			arn: this.arn('ecr', `repository/${name}`),
			uri: `${this.registryHost}/${name}`,
			createdAt: options.createdAt ?? this.now(),
			tagMutability: options.mutability ?? 'MUTABLE',
			tagMutabilityExclusions: [],
			manifests: new Map(),
			tags: new Map(),
			blobs: new Map(),
		};
		this.repositories.set(name, repository);
		return repository;
	}

	/** Stores an image with all it references, as `docker push` or `imagetools create` would. */
	pushImage(repositoryName: string, image: BuiltImage, tag?: string, pushedAt: Millis = this.now()): string {
		const repository = this.repositories.get(repositoryName);
		if (!repository)
			throw new SimError(
				'RepositoryNotFoundException',
				`The repository with name '${repositoryName}' does not exist in the registry with id '${this.accountId}'`,
			);
		const immutable = tag !== undefined && isTagImmutable({setting: repository.tagMutability, exclusions: repository.tagMutabilityExclusions}, tag) === true;
		if (tag && immutable && repository.tags.has(tag) && repository.tags.get(tag) !== image.digest) {
			throw new SimError(
				'ImageTagAlreadyExistsException',
				`The image tag '${tag}' already exists in the '${repositoryName}' repository and cannot be overwritten because the tag is immutable.`,
			);
		}
		const {manifests, blobs} = flattenImage(image);
		for (const blob of blobs) repository.blobs.set(blob.digest, blob.bytes);
		for (const manifest of manifests) {
			if (!repository.manifests.has(manifest.digest)) {
				repository.manifests.set(manifest.digest, {digest: manifest.digest, mediaType: manifest.mediaType, body: manifest.body, pushedAt});
			}
		}
		if (tag) {
			repository.tags.set(tag, image.digest);
			for (const hook of this.pushHooks) hook(repositoryName, tag, pushedAt);
		}
		return image.digest;
	}

	/** The repository and manifest an image reference names in this account's ECR, if any. */
	/** Set by the simulator: another account's or region's ECR, for images pulled from there. */
	elsewhere?: (registryId: string, region: string) => SimAccount | undefined;

	lookupImage(reference: string): {repository: SimRepository; manifest: SimManifest; tag?: string} | undefined {
		const parsed = parseImageReference(reference);
		if (!parsed?.ecr) return undefined;
		if (parsed.ecr.registryId !== this.accountId || parsed.ecr.region !== this.region) {
			// ECS and Lambda pull across regions and accounts (with the permissions): so does the simulator.
			return this.elsewhere?.(parsed.ecr.registryId, parsed.ecr.region)?.lookupImage(reference);
		}
		const repository = this.repositories.get(parsed.repository);
		if (!repository) return undefined;
		const digest = parsed.digest ?? repository.tags.get(parsed.tag ?? 'latest');
		const manifest = digest ? repository.manifests.get(digest) : undefined;
		if (!manifest) return undefined;
		return {repository, manifest, ...(parsed.tag ? {tag: parsed.tag} : {})};
	}

	// --- CloudWatch Logs ------------------------------------------------------

	createLogGroup(name: string, createdAt: Millis = this.now()): SimLogGroup {
		const existing = this.logGroups.get(name);
		if (existing) return existing;
		const group: SimLogGroup = {name, arn: this.arn('logs', `log-group:${name}`), createdAt, streams: new Map()};
		this.logGroups.set(name, group);
		return group;
	}

	/** Appends a line; false when the group does not exist (the awslogs driver then fails the task). */
	putLogEvent(groupName: string, streamName: string, timestamp: Millis, message: string): boolean {
		const group = this.logGroups.get(groupName);
		if (!group) return false;
		let stream = group.streams.get(streamName);
		if (!stream) {
			stream = {name: streamName, createdAt: timestamp, events: []};
			group.streams.set(streamName, stream);
		}
		stream.events.push({timestamp, message, ingestionTime: timestamp + 150});
		return true;
	}
}
