export const schemaVersion = 1;

/**
 * `index-rejected`: Lambda takes a single-platform image only, and was given an index (a
 * multi-platform list, or a one-platform build with a provenance attestation).
 */
import type {FindingCode} from './codes.js';

export type Verdict = 'architecture-mismatch' | 'platform-missing' | 'index-rejected' | 'not-architecture' | 'unknown';

export type WorkloadKind = 'ecs-service' | 'ecs-task' | 'apprunner-service' | 'lambda-function';

export type Workload = {
	readonly kind: WorkloadKind;
	readonly name: string;
	readonly arn: string;
	/** ECS cluster name; absent for App Runner. */
	readonly cluster?: string;
	readonly launchType?: string;
	/** The task definition revision the failing tasks ran (after a rollback, not the one the service runs now). */
	readonly taskDefinition?: string;
	/** ECS service: the revision it runs now, when that is not `taskDefinition` (it rolled back). */
	readonly serviceTaskDefinition?: string;
	readonly containerName?: string;
	readonly status?: string;
};

export type EvidenceKind = 'log-line' | 'stopped-task' | 'service-event' | 'deployment' | 'apprunner-status' | 'apprunner-operation' | 'lambda-update';

export type Evidence = {
	readonly kind: EvidenceKind;
	/** ISO 8601. */
	readonly time?: string;
	readonly message: string;
	readonly logGroup?: string;
	readonly logStream?: string;
	readonly taskArn?: string;
	readonly containerName?: string;
	readonly exitCode?: number;
	/** A log line standing for more: how many matching lines the stream holds, and the first one's time. */
	readonly count?: number;
	readonly firstTime?: string;
};

export type ImageReport = {
	readonly reference: string;
	readonly repository?: string;
	readonly registryId?: string;
	readonly tag?: string;
	/** The digest the workload resolved: the index's digest for an index. */
	readonly digest?: string;
	readonly mediaType?: string;
	readonly kind?: 'index' | 'manifest';
	/** Runnable platforms, `os/arch[/variant]`; attestation entries are not listed. */
	readonly platforms: readonly string[];
	readonly attestationCount: number;
	/** Where the digest came from, e.g. "task containers[].imageDigest". */
	readonly digestSource?: string;
	/** Where the platforms came from, e.g. "ECR index sha256:…". */
	readonly platformSource?: string;
	readonly unknownReason?: string;
	/**
	 * When the workload ran an older digest than its tag names now (the tag was pushed again after
	 * the failure): what the tag holds now, which is what any redeploy or fix would use.
	 */
	readonly tagNow?: {readonly digest: string; readonly platforms: readonly string[]};
};

/** One container of an ECS task, judged on its own. */
export type ContainerReport = {
	readonly name: string;
	readonly essential: boolean;
	readonly image: string;
	readonly digest?: string;
	readonly platforms: readonly string[];
	/** `healthy`: nothing says it failed, and its image holds the platform the task needs. */
	readonly verdict: Verdict | 'healthy';
	/** Why it is thought to have failed (or not), in words. */
	readonly evidence: readonly string[];
	readonly unknownReason?: string;
	/** The container the finding is about: its image is the finding's `image`. */
	readonly judged: boolean;
};

/** One file read from an image. */
export type FileReport = {
	readonly path: string;
	readonly resolvedPath?: string;
	/** The symlinks followed, `/bin → usr/bin`. */
	readonly via: readonly string[];
	/** What it is, as file(1) would say: `aarch64 ELF 64-bit LSB executable`. */
	readonly description?: string;
	/** The platform an ELF runs on. */
	readonly platform?: string;
	/** The layer it came from. */
	readonly layer?: string;
	readonly missing?: string;
};

export type PlatformReport = {
	/** `os/arch[/variant]`, absent when unknown. */
	readonly platform?: string;
	readonly source: string;
};

export type HostReport = {
	readonly platform: string;
	readonly source: 'docker-daemon' | 'node-process';
	/** Whether the local daemon uses the containerd image store; null when there is no daemon. */
	readonly containerdImageStore: boolean | null;
	readonly dockerVersion?: string;
	readonly note?: string;
	/** Whether the working directory has a Dockerfile, which a rebuild builds; absent when not looked at. */
	readonly dockerfile?: boolean;
};

export type FixId = 'redeploy' | 'repush' | 'copy-index' | 'rebuild' | 'patch-task-definition' | 'set-architecture';

export type FixSuggestion = {
	readonly id: FixId;
	readonly title: string;
	readonly commands: readonly string[];
	readonly notes: readonly string[];
	/** Why execdoctor cannot apply it on this machine (no Docker, no Dockerfile); absent when it can. */
	readonly blocker?: string;
};

/**
 * Whether the workload still fails: `failing` (or nothing shows it recovered), `rolled-back` (it
 * runs an older revision again; the failed release still cannot run), `recovered` (it has run
 * steadily since the last failure).
 */
export type IncidentStatus = 'failing' | 'rolled-back' | 'recovered';

export type Finding = {
	/** Unique in the report: with several regions or accounts scanned, `<account>/<region>/` comes first. */
	readonly id: string;
	/** Present when several regions or accounts were scanned: where the workload is. */
	readonly account?: string;
	readonly region?: string;
	readonly workload: Workload;
	readonly verdict: Verdict;
	/** The stable code of this kind of finding (docs/codes/<code>.md): what CI gates match on. */
	readonly code: FindingCode;
	readonly status: IncidentStatus;
	/** The evidence for `status`, in one sentence. */
	readonly statusReason: string;
	readonly summary: string;
	/** Plain-words explanation, one paragraph per item. */
	readonly explanation: readonly string[];
	/** The image of the failing container (ECS: the one `containers[]` marks `judged`). */
	readonly image: ImageReport;
	/** ECS: every container of the task definition, each judged on its own. */
	readonly containers?: readonly ContainerReport[];
	/** ECS: what the failing revision changed from the one that ran before it. */
	readonly revisionChange?: {
		readonly previous: string;
		readonly previousSource: string;
		readonly differences: readonly string[];
		readonly droppedArchitecture?: string;
		readonly imageChanged: boolean;
	};
	/** ECS: the deploy tool that owns the task definition or service, whose next deploy undoes a change made beside it. */
	readonly ownership?: {readonly tool: 'cdk' | 'cloudformation' | 'copilot' | 'terraform'; readonly name?: string; readonly evidence: string};
	/** The bytes of the file that failed, read from the image's layers when the labels could not explain the error. */
	readonly bytes?: {
		/** What they settle: `architecture-mismatch` when the file is for another machine than the label says. */
		readonly verdict?: 'architecture-mismatch' | 'not-architecture';
		readonly file?: FileReport;
		/** A script's interpreter, read too. */
		readonly interpreter?: FileReport;
		/** The cause found, in one sentence. */
		readonly cause?: string;
		readonly bytesRead: number;
		readonly layersRead: number;
		readonly layersTotal: number;
		/** Why they were not read, or not to the end. */
		readonly unread?: string;
	};
	readonly runtime: PlatformReport;
	readonly evidence: readonly Evidence[];
	/** How many pieces of evidence were found; `evidence` holds the newest of them. */
	readonly evidenceCount: number;
	readonly lastFailureAt?: string;
	readonly fixes: readonly FixSuggestion[];
	/** Other known causes, listed when the architectures agree. */
	readonly hypotheses: readonly string[];
};

export type Warning = {
	readonly code: string;
	/** Present when several regions or accounts were scanned: which scan said it. */
	readonly account?: string;
	readonly region?: string;
	/** The IAM action that was denied or failed, such as `logs:StartQuery`. */
	readonly action?: string;
	readonly message: string;
};

export type SearchSummary = {
	readonly clusters: number;
	readonly ecsServices: number;
	readonly stoppedTasks: number;
	readonly appRunnerServices: number;
	/** Lambda functions deployed from container images. */
	readonly lambdaFunctions: number;
	readonly logGroups: number;
	/** Prefixes searched with Logs Insights `SOURCE logGroups(namePrefix: …)`. */
	readonly logGroupPrefixes: readonly string[];
	readonly logSearch: 'insights' | 'filter' | 'mixed' | 'none';
};

export type ScanReport = {
	readonly schemaVersion: number;
	readonly account?: string;
	readonly region: string;
	readonly profile?: string;
	readonly window: {readonly since: string; readonly until: string};
	readonly host: HostReport;
	readonly searched: SearchSummary;
	readonly findings: readonly Finding[];
	readonly warnings: readonly Warning[];
	/** Several regions or accounts: each scan, what it searched, its own warnings, or why it could not run. */
	readonly scans?: readonly ScanSummary[];
	/** --monitoring-account: per region, the linked accounts its Logs Insights query found lines in (only they were entered). */
	readonly monitoring?: readonly {readonly account?: string; readonly region: string; readonly accountsWithHits: readonly string[]}[];
};

export type ScanSummary = {
	readonly account?: string;
	readonly region: string;
	readonly profile?: string;
	readonly searched?: SearchSummary;
	readonly findings: number;
	readonly warnings: readonly Warning[];
	/** Why this scan could not run (the others are still reported). */
	readonly error?: string;
};
