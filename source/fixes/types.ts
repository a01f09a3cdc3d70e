import type {LogWatchEvent} from './watch-logs.js';
import type {Evidence, Workload} from '../diagnosis/types.js';
import type {Strategy} from '../options.js';

export type {Strategy};

export type FixTarget =
	| {
			readonly kind: 'ecs-service';
			readonly cluster: string;
			readonly service: string;
			/** The revision to repair; without it, the one the service's failed tasks ran, else the one it runs. */
			readonly taskDefinition?: string;
			/** Why that revision, in a few words for the plan (default: "named with --task-definition"). */
			readonly taskDefinitionReason?: string;
	  }
	| {readonly kind: 'apprunner-service'; readonly name: string}
	| {readonly kind: 'lambda-function'; readonly name: string};

export type StepKind = 'aws' | 'docker' | 'check';

/** One step as the dry run shows it: the exact command or API call, secrets redacted. */
export type PlannedStep = {
	readonly id: string;
	readonly title: string;
	readonly kind: StepKind;
	/** The exact API call or docker command execdoctor makes. */
	readonly display: string;
	/** The same step as commands a person runs in a shell (none when an earlier one covers it). */
	readonly shell: readonly string[];
	/** Changes something outside this machine (ECR, ECS, App Runner). */
	readonly mutating: boolean;
};

/**
 * How execdoctor takes a change back (`execdoctor undo`): data, so a journal can replay it.
 * A tag is restored with the very manifest bytes it named, so it names the same digest again.
 * The redeploys run last, after every tag and revision is back.
 */
export type UndoAction =
	| {
			readonly kind: 'restore-tag';
			readonly registryId: string;
			readonly repository: string;
			readonly tag: string;
			readonly digest: string;
			readonly mediaType: string;
			readonly manifest: string;
	  }
	| {readonly kind: 'remove-tag'; readonly registryId: string; readonly repository: string; readonly tag: string}
	| {readonly kind: 'deregister'; readonly taskDefinition: string}
	| {readonly kind: 'update-service'; readonly cluster: string; readonly service: string; readonly taskDefinition: string}
	| {readonly kind: 'redeploy-service'; readonly cluster: string; readonly service: string}
	| {readonly kind: 'update-apprunner-image'; readonly serviceArn: string; readonly imageIdentifier: string}
	| {readonly kind: 'redeploy-apprunner'; readonly serviceArn: string; readonly imageIdentifier?: string}
	/** A Lambda function back on the image (by digest) and architecture it ran. */
	| {readonly kind: 'restore-lambda-code'; readonly functionName: string; readonly imageUri: string; readonly architectures: readonly string[]}
	| {readonly kind: 'nothing'; readonly reason: string};

/** A change that was made, the exact command that takes it back, and the same as data. */
export type Change = {readonly step: string; readonly description: string; readonly undo: string; readonly undoAction: UndoAction};

export type StepResult = {
	readonly id: string;
	readonly title: string;
	readonly status: 'done' | 'failed' | 'skipped';
	readonly detail?: string;
	readonly startedAt?: string;
	readonly endedAt?: string;
};

export type VerificationCheck = {readonly name: string; readonly ok: boolean; readonly detail: string};

export type Verification = {
	/** `stopped`: the user stopped the wait before the deployment settled. */
	readonly status: 'verified' | 'not-verified' | 'timed-out' | 'stopped' | 'not-run';
	readonly checks: readonly VerificationCheck[];
	readonly evidence: readonly Evidence[];
};

export type FixOutcome = 'planned' | 'verified' | 'applied-unverified' | 'refused' | 'failed' | 'interrupted';

export type FixReport = {
	readonly schemaVersion: number;
	readonly command: 'fix';
	readonly strategy: Strategy;
	readonly workload?: Workload;
	readonly dryRun: boolean;
	readonly plan?: {
		readonly source?: string;
		/** How the source was found: `--source`, `local docker`, or `guess` (a guess needs confirming). */
		readonly sourceOrigin?: 'flag' | 'local-docker' | 'ecr' | 'guess';
		readonly destination?: string;
		readonly targetPlatform: string;
		readonly steps: readonly PlannedStep[];
		/** What is risky or unusual about this plan here. */
		readonly warnings: readonly string[];
		/** Why the steps are what they are. */
		readonly notes: readonly string[];
	};
	readonly steps: readonly StepResult[];
	readonly changes: readonly Change[];
	readonly verification: Verification;
	readonly outcome: FixOutcome;
	readonly message: string;
	/** The journal of every change and its undo (`execdoctor undo` replays it). */
	readonly journal?: string;
};

export type FixEvent =
	/** `position` counts from 1, of `total` steps. */
	| {readonly type: 'step-started'; readonly step: PlannedStep; readonly position: number; readonly total: number}
	| {readonly type: 'step-finished'; readonly result: StepResult}
	| {readonly type: 'change'; readonly change: Change}
	| {readonly type: 'verify-progress'; readonly message: string}
	/** While verifying: the new tasks' log lines, and whether Live Tail or polling reads them. */
	| LogWatchEvent
	/** The journal the fix writes, before its first change. */
	| {readonly type: 'journal'; readonly path: string}
	/** SIGTERM or SIGHUP: the fix stops after the step running now. */
	| {readonly type: 'signal'; readonly signal: string; readonly journal: string};

/** What `execdoctor undo` did (or, with --dry-run, would do) with a journal. */
export type UndoOutcome = 'planned' | 'undone' | 'nothing-to-undo' | 'refused' | 'failed' | 'partly-undone';

export type UndoReport = {
	readonly schemaVersion: number;
	readonly command: 'undo';
	readonly journal: string;
	readonly workload: Workload;
	readonly dryRun: boolean;
	readonly steps: readonly PlannedStep[];
	readonly results: readonly StepResult[];
	readonly notes: readonly string[];
	readonly outcome: UndoOutcome;
	readonly message: string;
};
