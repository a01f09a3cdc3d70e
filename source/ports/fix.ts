/** What a fix needs beyond the scan's read port: the mutating AWS calls and docker. */
import type {TagMutability} from '../registry/tag-mutability.js';

export type RegistryLogin = {readonly username: string; readonly password: string; readonly registry: string};

export type RegisteredTaskDefinition = {readonly arn: string; readonly family: string; readonly revision: number};

export interface FixAws {
	/** ECR's docker credentials; the password must only ever reach `docker login` on stdin. */
	getAuthorizationToken(registryId: string): Promise<RegistryLogin>;
	repositoryMutability(registryId: string, repositoryName: string): Promise<TagMutability>;
	/** DescribeTaskDefinition with its tags, as the raw document RegisterTaskDefinition starts from. */
	describeTaskDefinitionDocument(taskDefinition: string): Promise<{document: Record<string, unknown>; tags: {key?: string; value?: string}[]}>;
	registerTaskDefinition(input: Record<string, unknown>): Promise<RegisteredTaskDefinition>;
	updateService(input: {cluster: string; service: string; taskDefinition?: string; forceNewDeployment?: boolean}): Promise<{deploymentId?: string}>;
	startAppRunnerDeployment(serviceArn: string): Promise<{operationId: string}>;
	/** UpdateService with the service's own SourceConfiguration, only the image identifier changed. */
	updateAppRunnerImage(serviceArn: string, imageIdentifier: string): Promise<{operationId: string}>;
	/** PutImage with these exact bytes (ECR checks them against `digest`). */
	putImage(input: {registryId: string; repository: string; tag: string; manifest: string; mediaType: string; digest: string}): Promise<void>;
	/** BatchDeleteImage of one tag (the image stays if another tag or digest names it). */
	removeTag(input: {registryId: string; repository: string; tag: string}): Promise<void>;
	deregisterTaskDefinition(taskDefinition: string): Promise<void>;
	/** UpdateFunctionCode: Lambda applies it in the background (LastUpdateStatus InProgress, then Successful or Failed). */
	updateLambdaCode(functionName: string, code: {readonly imageUri: string; readonly architectures?: readonly string[]}): Promise<void>;
}

export type DockerResult = {readonly exitCode: number; readonly stdout: string; readonly stderr: string};

export type DockerStatus = {
	readonly installed: boolean;
	readonly daemon: boolean;
	readonly buildx: boolean;
	readonly containerdImageStore: boolean;
	/** Why docker cannot be used, in one line. */
	readonly problem?: string;
};

export interface DockerPort {
	status(): Promise<DockerStatus>;
	/** Runs `docker ...args`; `input` goes to stdin and is never logged. */
	run(args: readonly string[], options?: {input?: string; signal?: AbortSignal}): Promise<DockerResult>;
}
