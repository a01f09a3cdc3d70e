/**
 * What execdoctor reads from an AWS account, in its own terms. `source/aws/` implements
 * this port with the SDK; tests and the simulator-backed demo use the same port.
 */

export type Identity = {readonly account: string; readonly arn: string};

export type EcsCluster = {readonly arn: string; readonly name: string};

export type EcsDeployment = {
	readonly id: string;
	readonly status: string;
	readonly taskDefinition: string;
	readonly desiredCount: number;
	readonly runningCount: number;
	readonly pendingCount: number;
	readonly failedTasks: number;
	readonly rolloutState?: string;
	readonly rolloutStateReason?: string;
	readonly launchType?: string;
	readonly createdAt?: Date;
	readonly updatedAt?: Date;
};

export type EcsServiceEvent = {readonly id: string; readonly createdAt?: Date; readonly message: string};

export type EcsService = {
	readonly arn: string;
	readonly name: string;
	readonly clusterArn: string;
	readonly status: string;
	readonly taskDefinition: string;
	readonly launchType?: string;
	/** `ECS`, `CODE_DEPLOY` (blue/green) or `EXTERNAL`; only ECS deployments are started with UpdateService. */
	readonly deploymentController?: string;
	readonly capacityProviders: readonly string[];
	readonly desiredCount: number;
	readonly runningCount: number;
	readonly deployments: readonly EcsDeployment[];
	readonly events: readonly EcsServiceEvent[];
	readonly tags?: readonly ResourceTag[];
};

export type EcsContainer = {
	readonly name: string;
	readonly image?: string;
	readonly imageDigest?: string;
	readonly exitCode?: number;
	readonly reason?: string;
	readonly lastStatus?: string;
};

export type EcsTask = {
	readonly arn: string;
	readonly id: string;
	readonly clusterArn: string;
	readonly taskDefinitionArn: string;
	readonly group?: string;
	readonly startedBy?: string;
	readonly launchType?: string;
	readonly lastStatus?: string;
	readonly desiredStatus?: string;
	readonly stopCode?: string;
	readonly stoppedReason?: string;
	readonly createdAt?: Date;
	readonly startedAt?: Date;
	readonly stoppedAt?: Date;
	readonly containerInstanceArn?: string;
	/** The task's `ecs.cpu-architecture` attribute, as ECS reports it (`x86_64`, `arm64`). */
	readonly cpuArchitecture?: string;
	readonly containers: readonly EcsContainer[];
};

export type LogConfiguration = {readonly driver: string; readonly options: Readonly<Record<string, string>>};

export type EcsContainerDefinition = {
	readonly name: string;
	readonly image: string;
	readonly essential: boolean;
	readonly logConfiguration?: LogConfiguration;
	/** Overrides of the image's Entrypoint and Cmd. */
	readonly entryPoint?: readonly string[];
	readonly command?: readonly string[];
};

export type EcsTaskDefinition = {
	readonly arn: string;
	readonly family: string;
	readonly revision: number;
	/** `runtimePlatform.cpuArchitecture` as written, absent when the task definition has none. */
	readonly cpuArchitecture?: string;
	readonly operatingSystemFamily?: string;
	readonly requiresCompatibilities: readonly string[];
	readonly containers: readonly EcsContainerDefinition[];
	/** Who registered it: a CloudFormation or CDK role says a stack owns it. */
	readonly registeredBy?: string;
	readonly registeredAt?: Date;
	readonly tags?: readonly ResourceTag[];
};

export type ResourceTag = {readonly key: string; readonly value: string};

export type ContainerInstance = {readonly arn: string; readonly cpuArchitecture?: string; readonly ec2InstanceId?: string; readonly status?: string};

export type AppRunnerServiceSummary = {readonly arn: string; readonly name: string; readonly id: string; readonly status: string};

export type AppRunnerService = AppRunnerServiceSummary & {
	readonly imageIdentifier?: string;
	readonly imageRepositoryType?: string;
	readonly autoDeploymentsEnabled?: boolean;
	readonly port?: string;
	readonly startCommand?: string;
	/** Names only: the values stay in AWS, and a fix carries them over without reading them out. */
	readonly environmentVariableNames: readonly string[];
	readonly secretNames: readonly string[];
	readonly accessRoleArn?: string;
	readonly serviceUrl?: string;
	readonly createdAt?: Date;
	readonly updatedAt?: Date;
};

export type AppRunnerOperation = {
	readonly id: string;
	readonly type: string;
	readonly status: string;
	readonly startedAt?: Date;
	readonly endedAt?: Date;
};

/** A Lambda function as ListFunctions describes it. */
export type LambdaFunctionSummary = {
	readonly name: string;
	readonly arn: string;
	/** `Image` for a container image function, `Zip` otherwise. */
	readonly packageType: string;
	/** `x86_64` or `arm64`: what the function runs on. */
	readonly architectures: readonly string[];
	readonly state?: string;
	readonly lastUpdateStatus?: string;
	readonly lastUpdateStatusReason?: string;
	readonly lastUpdateStatusReasonCode?: string;
	readonly lastModified?: Date;
};

/** With the image it was given (`imageUri`) and the digest Lambda resolved it to. */
export type LambdaFunction = LambdaFunctionSummary & {readonly imageUri?: string; readonly resolvedImageUri?: string};

/**
 * A matching log line, or, from Logs Insights, every matching line of one stream and one kind at
 * once: `timestamp` and `message` are the latest, `firstTimestamp` the earliest, `count` how many.
 */
export type LogHit = {
	/** The account the log group is in, when Logs Insights says (`@log` is `account:group`). */
	readonly account?: string;
	readonly logGroup: string;
	readonly logStream: string;
	readonly timestamp: number;
	readonly message: string;
	readonly count?: number;
	readonly firstTimestamp?: number;
};

export type EcrImage = {
	readonly registryId: string;
	readonly repositoryName: string;
	readonly digest: string;
	readonly tag?: string;
	readonly manifest: string;
	readonly mediaType?: string;
};

export type EcrImageLookup = {readonly image: EcrImage} | {readonly failure: {readonly code: string; readonly reason: string}};

export type LogQuery = {
	/** Explicit log groups, at most 50 per query. */
	readonly logGroupNames?: readonly string[];
	/** `SOURCE logGroups(namePrefix: [...])`, at most 5 prefixes. */
	readonly namePrefixes?: readonly string[];
	readonly queryString: string;
	readonly start: Date;
	readonly end: Date;
	readonly limit: number;
};

export type LogFilter = {
	readonly logGroupName: string;
	readonly filterPattern: string;
	readonly start: Date;
	readonly end: Date;
	readonly logStreamNames?: readonly string[];
	readonly logStreamNamePrefix?: string;
};

/** A scan's whole budget: past it, every call still waiting gives up, and the scan reports what it has. */
export type Deadline = {readonly signal: AbortSignal; readonly budgetMs: number};

export interface AccountPort {
	readonly region: string;
	/** The same account, every call of which gives up when `deadline` passes. */
	withDeadline?(deadline: Deadline): AccountPort;
	identity(): Promise<Identity>;

	listClusters(): Promise<string[]>;
	describeClusters(clusters: readonly string[]): Promise<{clusters: EcsCluster[]; missing: string[]}>;
	listServices(cluster: string): Promise<string[]>;
	describeServices(cluster: string, services: readonly string[]): Promise<{services: EcsService[]; missing: string[]}>;
	listTasks(cluster: string, filter: {desiredStatus: 'RUNNING' | 'STOPPED'; serviceName?: string}): Promise<string[]>;
	describeTasks(cluster: string, tasks: readonly string[]): Promise<{tasks: EcsTask[]; missing: string[]}>;
	describeTaskDefinition(taskDefinition: string): Promise<EcsTaskDefinition>;
	describeContainerInstances(cluster: string, instances: readonly string[]): Promise<ContainerInstance[]>;
	listContainerInstances(cluster: string): Promise<string[]>;
	/** The ACTIVE task definition families (every page). */
	listTaskDefinitionFamilies(): Promise<string[]>;

	listAppRunnerServices(): Promise<AppRunnerServiceSummary[]>;
	describeAppRunnerService(arn: string): Promise<AppRunnerService>;
	listAppRunnerOperations(arn: string, max: number): Promise<AppRunnerOperation[]>;
	listLambdaFunctions(): Promise<LambdaFunctionSummary[]>;
	getLambdaFunction(name: string): Promise<LambdaFunction>;

	/** Runs a Logs Insights query to completion and returns its rows. */
	queryLogs(query: LogQuery): Promise<LogHit[]>;
	/** `FilterLogEvents`, following every `nextToken`. */
	filterLogEvents(filter: LogFilter): Promise<LogHit[]>;
	/** Starts a Live Tail session; its batches arrive about once a second until the signal aborts. */
	tailLogs(request: LiveTailRequest): Promise<AsyncIterable<LogHit[]>>;

	batchGetImage(registryId: string, repositoryName: string, imageId: {tag?: string; digest?: string}): Promise<EcrImageLookup>;
	/** The bytes of a blob (an image config) through `GetDownloadUrlForLayer`. */
	/** The blob's exact bytes, to check against its digest. */
	getBlob(registryId: string, repositoryName: string, digest: string): Promise<Uint8Array>;
	/** A layer blob as it downloads, for reading its files without holding it whole. */
	openBlob(registryId: string, repositoryName: string, digest: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
	/** When the image a tag names was pushed (`DescribeImages`); undefined when ECR has no such image. */
	imagePushedAt(registryId: string, repositoryName: string, tag: string): Promise<Date | undefined>;
}

/** `StartLiveTail`: the new events of up to 10 log groups as they arrive. */
export type LiveTailRequest = {
	/** Log group ARNs without the trailing `:*`, at most 10. */
	readonly logGroupArns: readonly string[];
	/** Only with a single log group. */
	readonly logStreamNamePrefixes?: readonly string[];
	readonly signal: AbortSignal;
};
