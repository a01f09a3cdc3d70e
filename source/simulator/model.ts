/**
 * The state of one simulated AWS account in one region. Records keep the fields the
 * wire shapes need; `api/*` turns them into AWS responses.
 */
import type {Platform} from '../registry/platform.js';

export type Millis = number;

export type SimManifest = {
	readonly digest: string;
	readonly mediaType: string;
	readonly body: string;
	readonly pushedAt: Millis;
};

export type SimRepository = {
	readonly name: string;
	readonly arn: string;
	readonly uri: string;
	readonly createdAt: Millis;
	tagMutability: 'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION';
	/** Wildcard filters: matching tags take the opposite of the `…_WITH_EXCLUSION` setting. */
	tagMutabilityExclusions: string[];
	readonly manifests: Map<string, SimManifest>;
	readonly tags: Map<string, string>;
	readonly blobs: Map<string, Buffer>;
};

export type SimContainerDefinition = {
	name: string;
	image: string;
	essential?: boolean;
	cpu?: number;
	memory?: number;
	portMappings?: {containerPort: number; protocol?: string}[];
	logConfiguration?: {logDriver: string; options?: Record<string, string>};
	[key: string]: unknown;
};

/** A task definition exactly as `DescribeTaskDefinition` returns it. */
export type SimTaskDefinition = {
	taskDefinitionArn: string;
	family: string;
	revision: number;
	status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
	containerDefinitions: SimContainerDefinition[];
	requiresCompatibilities?: string[];
	compatibilities: string[];
	networkMode?: string;
	cpu?: string;
	memory?: string;
	executionRoleArn?: string;
	taskRoleArn?: string;
	runtimePlatform?: {cpuArchitecture?: string; operatingSystemFamily?: string};
	requiresAttributes?: {name: string}[];
	registeredAt: Millis;
	registeredBy: string;
	tags: {key: string; value: string}[];
	[key: string]: unknown;
};

export type SimContainer = {
	name: string;
	image: string;
	imageDigest?: string;
	exitCode?: number;
	reason?: string;
	runtimeId?: string;
};

/** A task with its whole life planned at launch; what an API sees depends on the time asked. */
export type SimTask = {
	readonly id: string;
	readonly arn: string;
	readonly clusterArn: string;
	readonly taskDefinitionArn: string;
	readonly group: string;
	readonly startedBy?: string;
	readonly launchType: 'FARGATE' | 'EC2';
	readonly containerInstanceArn?: string;
	readonly cpuArchitecture: string;
	readonly deploymentId?: string;
	readonly createdAt: Millis;
	readonly pullStartedAt?: Millis;
	readonly pullStoppedAt?: Millis;
	readonly startedAt?: Millis;
	/** When the task stops by itself; undefined while it would run forever. */
	stoppedAt?: Millis;
	stopCode?: string;
	stoppedReason?: string;
	readonly containers: SimContainer[];
	/** The exit codes and reasons containers have once `stoppedAt` has passed. */
	readonly outcome: 'runs' | 'fails';
};

export type SimDeployment = {
	readonly id: string;
	status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
	readonly taskDefinition: string;
	/** Tags resolved to digests when the deployment was created (software version consistency). */
	readonly resolvedImages: Map<string, string | undefined>;
	desiredCount: number;
	failedTasks: number;
	consecutiveFailures: number;
	rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
	rolloutStateReason: string;
	readonly createdAt: Millis;
	updatedAt: Millis;
	nextLaunchAt: Millis;
	readonly launchType: 'FARGATE' | 'EC2';
};

export type SimServiceEvent = {readonly id: string; readonly createdAt: Millis; readonly message: string};

export type SimService = {
	readonly name: string;
	readonly arn: string;
	readonly clusterArn: string;
	status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
	taskDefinition: string;
	desiredCount: number;
	readonly launchType: 'FARGATE' | 'EC2';
	/** Blue/green (CODE_DEPLOY) and EXTERNAL services take no deployment from UpdateService. */
	deploymentController: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
	circuitBreaker: {enable: boolean; rollback: boolean};
	deployments: SimDeployment[];
	events: SimServiceEvent[];
	tags?: {key: string; value: string}[];
	readonly createdAt: Millis;
};

export type SimContainerInstance = {
	readonly arn: string;
	readonly ec2InstanceId: string;
	readonly cpuArchitecture: 'x86_64' | 'arm64';
	status: 'ACTIVE' | 'DRAINING';
	readonly registeredAt: Millis;
};

export type SimCluster = {
	readonly name: string;
	readonly arn: string;
	readonly services: Map<string, SimService>;
	readonly tasks: Map<string, SimTask>;
	readonly containerInstances: Map<string, SimContainerInstance>;
};

export type SimLogEvent = {readonly timestamp: Millis; readonly message: string; readonly ingestionTime: Millis};

export type SimLogStream = {readonly name: string; readonly createdAt: Millis; readonly events: SimLogEvent[]};

export type SimLogGroup = {readonly name: string; readonly arn: string; readonly createdAt: Millis; readonly streams: Map<string, SimLogStream>};

export type SimInsightsQuery = {
	readonly id: string;
	readonly startedAt: Millis;
	readonly completesAt: Millis;
	readonly rows: {field: string; value: string}[][];
	readonly bytesScanned: number;
	readonly recordsScanned: number;
	status: 'Scheduled' | 'Running' | 'Complete' | 'Cancelled';
};

export type SimAppRunnerOperation = {
	readonly id: string;
	readonly type: 'CREATE_SERVICE' | 'START_DEPLOYMENT' | 'UPDATE_SERVICE' | 'PAUSE_SERVICE' | 'RESUME_SERVICE' | 'DELETE_SERVICE';
	status: 'PENDING' | 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED' | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_FAILED' | 'ROLLBACK_SUCCEEDED';
	readonly startedAt: Millis;
	endsAt: Millis;
	readonly targetArn: string;
	/** The image this operation deploys and whether it will come up. */
	readonly imageIdentifier: string;
	readonly outcome: 'succeeds' | 'fails';
	readonly failureReason?: string;
};

export type SimAppRunnerService = {
	readonly name: string;
	readonly id: string;
	readonly arn: string;
	readonly url: string;
	/** The status the service settles in when no operation is running. */
	settledStatus: 'RUNNING' | 'CREATE_FAILED' | 'PAUSED';
	/** The image the running service serves, if any. */
	runningImageIdentifier?: string;
	imageIdentifier: string;
	readonly imageRepositoryType: 'ECR' | 'ECR_PUBLIC';
	autoDeploymentsEnabled: boolean;
	accessRoleArn?: string;
	port: string;
	startCommand?: string;
	environmentVariables: Record<string, string>;
	/** Name → Secrets Manager or SSM parameter ARN, as App Runner stores them. */
	environmentSecrets: Record<string, string>;
	readonly createdAt: Millis;
	updatedAt: Millis;
	readonly operations: SimAppRunnerOperation[];
};

export type EcsTiming = {
	/** From launch to the end of the image pull. */
	readonly pullMs: Millis;
	/** From pull to the container's first instruction. */
	readonly startMs: Millis;
	/** How long a container that fails at exec takes to stop. */
	readonly failMs: Millis;
	/** First relaunch delay after a failure; doubles up to `maxBackoffMs`. */
	readonly backoffMs: Millis;
	readonly maxBackoffMs: Millis;
	/** How long stopped tasks stay visible to ListTasks/DescribeTasks. */
	readonly stoppedTaskVisibilityMs: Millis;
	/** App Runner: how long a deployment takes to succeed or fail. */
	readonly appRunnerDeployMs: Millis;
	/** Logs Insights: from StartQuery to Complete. */
	readonly insightsMs: Millis;
	/** Lambda: how long an UpdateFunctionCode takes to settle. */
	readonly lambdaUpdateMs: Millis;
	/** Lambda: scheduled invocations come this many times more often than their schedule says. */
	readonly invocationSpeedup: number;
};

export const realisticTiming: EcsTiming = {
	pullMs: 20_000,
	startMs: 3000,
	failMs: 1000,
	backoffMs: 30_000,
	maxBackoffMs: 900_000,
	stoppedTaskVisibilityMs: 3_600_000,
	appRunnerDeployMs: 240_000,
	insightsMs: 400,
	lambdaUpdateMs: 8000,
	invocationSpeedup: 1,
};

/** For live deployments in the demo and tests: the same rules, a hundred times faster. */
export function scaledTiming(factor: number, base: EcsTiming = realisticTiming): EcsTiming {
	return {
		...base,
		pullMs: base.pullMs / factor,
		startMs: base.startMs / factor,
		failMs: base.failMs / factor,
		backoffMs: base.backoffMs / factor,
		maxBackoffMs: base.maxBackoffMs / factor,
		appRunnerDeployMs: base.appRunnerDeployMs / factor,
		lambdaUpdateMs: base.lambdaUpdateMs / factor,
		invocationSpeedup: base.invocationSpeedup * factor,
	};
}

export type PlatformRecord = Platform;

/** A Lambda function deployed from a container image (PackageType Image), or a Zip one (no image). */
export type SimLambdaFunction = {
	readonly name: string;
	readonly arn: string;
	/** A Zip function runs a managed runtime: it has no image, and execdoctor leaves it alone. */
	readonly zipRuntime?: string;
	architectures: ('x86_64' | 'arm64')[];
	/** What the function was given (a tag or a digest), and the digest Lambda resolved it to. */
	imageUri: string;
	resolvedImageUri: string;
	readonly role: string;
	readonly memorySize: number;
	readonly timeout: number;
	lastModified: Millis;
	lastUpdateStatus: 'Successful' | 'Failed' | 'InProgress';
	lastUpdateStatusReason?: string;
	lastUpdateStatusReasonCode?: string;
	/** An update being applied: its end, and what it does then. */
	pendingUpdate?: {
		readonly endsAt: Millis;
		readonly imageUri: string;
		readonly resolvedImageUri?: string;
		readonly architectures: ('x86_64' | 'arm64')[];
		readonly failure?: string;
	};
	/** How often something (an EventBridge schedule) invokes it; none when never. */
	readonly invokeEveryMs?: Millis;
	/** Up to when invocations were played. */
	invokedUntil: Millis;
	readonly createdAt: Millis;
};
