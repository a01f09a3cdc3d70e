import {
	DescribeServiceCommand as DescribeAppRunnerServiceCommand,
	StartDeploymentCommand,
	UpdateServiceCommand as UpdateAppRunnerServiceCommand,
} from '@aws-sdk/client-apprunner';
import {BatchDeleteImageCommand, DescribeRepositoriesCommand, GetAuthorizationTokenCommand, PutImageCommand} from '@aws-sdk/client-ecr';
import {
	DeregisterTaskDefinitionCommand,
	DescribeTaskDefinitionCommand,
	RegisterTaskDefinitionCommand,
	UpdateServiceCommand,
	type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {UpdateFunctionCodeCommand, type Architecture} from '@aws-sdk/client-lambda';
import type {FixAws} from '../ports/fix.js';
import type {AwsAccountPort} from './account-port.js';
import {AwsError} from '../errors.js';
import {toAwsError} from './errors.js';

/** The mutating calls a fix makes, on the same clients as the scan. */
export function createFixAws(port: AwsAccountPort, profile?: string): FixAws {
	const {clients} = port;
	const context = {region: port.region, ...(profile ? {profile} : {})};
	const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
		try {
			return await run();
		} catch (error) {
			throw toAwsError(error, action, context);
		}
	};
	return {
		getAuthorizationToken: registryId =>
			call('ecr:GetAuthorizationToken', async () => {
				const {authorizationData} = await clients.ecr.send(new GetAuthorizationTokenCommand({registryIds: [registryId]}));
				const data = authorizationData?.[0];
				const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
				const separator = decoded.indexOf(':');
				if (!data?.proxyEndpoint || separator === -1) throw new Error('ECR returned no usable authorization token');
				return {username: decoded.slice(0, separator), password: decoded.slice(separator + 1), registry: data.proxyEndpoint.replace(/^https?:\/\//, '')};
			}),
		repositoryMutability: (registryId, repositoryName) =>
			call('ecr:DescribeRepositories', async () => {
				const {repositories} = await clients.ecr.send(new DescribeRepositoriesCommand({registryId, repositoryNames: [repositoryName]}));
				const repository = repositories?.[0];
				return {
					setting: repository?.imageTagMutability ?? 'MUTABLE',
					exclusions: (repository?.imageTagMutabilityExclusionFilters ?? []).flatMap(filter => (filter.filter ? [filter.filter] : [])),
				};
			}),
		describeTaskDefinitionDocument: taskDefinition =>
			call('ecs:DescribeTaskDefinition', async () => {
				const output = await clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition, include: ['TAGS']}));
				return {document: {...output.taskDefinition} as Record<string, unknown>, tags: output.tags ?? []};
			}),
		registerTaskDefinition: input =>
			call('ecs:RegisterTaskDefinition', async () => {
				const {taskDefinition} = await clients.ecs.send(new RegisterTaskDefinitionCommand(input as unknown as RegisterTaskDefinitionCommandInput));
				return {arn: taskDefinition?.taskDefinitionArn ?? '', family: taskDefinition?.family ?? '', revision: taskDefinition?.revision ?? 0};
			}),
		updateService: input =>
			call('ecs:UpdateService', async () => {
				const {service} = await clients.ecs.send(new UpdateServiceCommand(input));
				const primary = service?.deployments?.find(deployment => deployment.status === 'PRIMARY');
				return primary?.id ? {deploymentId: primary.id} : {};
			}),
		startAppRunnerDeployment: serviceArn =>
			call('apprunner:StartDeployment', async () => {
				const {OperationId} = await clients.appRunner.send(new StartDeploymentCommand({ServiceArn: serviceArn}));
				return {operationId: OperationId ?? ''};
			}),
		updateAppRunnerImage: async (serviceArn, imageIdentifier) => {
			// Everything but the image identifier goes back as DescribeService returned it: left out,
			// App Runner could reset the port, start command, environment variables and secrets.
			const {Service: service} = await call('apprunner:DescribeService', () =>
				clients.appRunner.send(new DescribeAppRunnerServiceCommand({ServiceArn: serviceArn})),
			);
			const source = service?.SourceConfiguration;
			if (!source?.ImageRepository)
				throw new AwsError('invalid-input', 'apprunner:DescribeService', `App Runner service ${serviceArn} is not deployed from an image repository.`);
			return call('apprunner:UpdateService', async () => {
				const {OperationId} = await clients.appRunner.send(
					new UpdateAppRunnerServiceCommand({
						ServiceArn: serviceArn,
						SourceConfiguration: {...source, ImageRepository: {...source.ImageRepository!, ImageIdentifier: imageIdentifier}},
					}),
				);
				return {operationId: OperationId ?? ''};
			});
		},
		putImage: input =>
			call('ecr:PutImage', async () => {
				await clients.ecr.send(
					new PutImageCommand({
						registryId: input.registryId,
						repositoryName: input.repository,
						imageTag: input.tag,
						imageManifest: input.manifest,
						imageManifestMediaType: input.mediaType,
						imageDigest: input.digest,
					}),
				);
			}),
		removeTag: input =>
			call('ecr:BatchDeleteImage', async () => {
				const {failures} = await clients.ecr.send(
					new BatchDeleteImageCommand({registryId: input.registryId, repositoryName: input.repository, imageIds: [{imageTag: input.tag}]}),
				);
				const failure = failures?.find(candidate => candidate.failureCode !== 'ImageNotFound');
				if (failure) throw new AwsError('service', 'ecr:BatchDeleteImage', `ecr:BatchDeleteImage: ${failure.failureCode}: ${failure.failureReason}`);
			}),
		deregisterTaskDefinition: taskDefinition =>
			call('ecs:DeregisterTaskDefinition', async () => {
				await clients.ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition}));
			}),
		updateLambdaCode: (functionName, code) =>
			call('lambda:UpdateFunctionCode', async () => {
				await clients.lambda.send(
					new UpdateFunctionCodeCommand({
						FunctionName: functionName,
						ImageUri: code.imageUri,
						...(code.architectures?.length ? {Architectures: code.architectures as Architecture[]} : {}),
					}),
				);
			}),
	};
}
