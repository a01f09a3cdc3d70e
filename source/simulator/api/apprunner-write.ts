import {appRunnerStatus, startOperation} from '../apprunner-engine.js';
import {SimError} from '../errors.js';
import type {SimAppRunnerService} from '../model.js';
import {appRunnerServiceShape, requireAppRunnerService} from './apprunner.js';
import type {Handler} from './context.js';

const invalidRequest = (message: string) => new SimError('InvalidRequestException', message);

const imageIdentifierPattern = /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|public\.ecr\.aws)\/[\w./-]+(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})$/;

export const appRunnerWriteHandlers: Record<string, Handler> = {
	StartDeployment(account, input, context) {
		const service = requireAppRunnerService(account, input.ServiceArn);
		const status = appRunnerStatus(service, context.now);
		// The service model declares InvalidRequestException for StartDeployment, not InvalidStateException.
		if (status !== 'RUNNING') throw invalidRequest(`You can't start a deployment for the service because it is in ${status} status.`);
		return {OperationId: startOperation(account, service, 'START_DEPLOYMENT', context.now).id};
	},

	UpdateService(account, input, context) {
		const service = requireAppRunnerService(account, input.ServiceArn);
		const status = appRunnerStatus(service, context.now);
		if (status === 'OPERATION_IN_PROGRESS') throw new SimError('InvalidStateException', "You can't update the service while an operation is in progress.");
		const source = input.SourceConfiguration as SourceConfiguration | undefined;
		if (source !== undefined) applySourceConfiguration(service, source);
		const operation = startOperation(account, service, 'UPDATE_SERVICE', context.now);
		return {Service: appRunnerServiceShape(service, context.now), OperationId: operation.id};
	},
};

type SourceConfiguration = {
	ImageRepository?: {
		ImageIdentifier?: unknown;
		ImageRepositoryType?: unknown;
		ImageConfiguration?: {Port?: unknown; StartCommand?: unknown; RuntimeEnvironmentVariables?: unknown; RuntimeEnvironmentSecrets?: unknown};
	};
	CodeRepository?: unknown;
	AutoDeploymentsEnabled?: unknown;
	AuthenticationConfiguration?: {AccessRoleArn?: unknown};
};

const stringMap = (value: unknown): Record<string, string> =>
	value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([key, member]) => [key, String(member)])) : {};

/**
 * The image repository is set as sent: an ImageConfiguration without StartCommand or variables
 * leaves the service without them, the reading of UpdateService that can lose a configuration.
 */
function applySourceConfiguration(service: SimAppRunnerService, source: SourceConfiguration): void {
	if (source.CodeRepository !== undefined) throw invalidRequest("You can't switch a service from an image repository to a code repository.");
	const image = source.ImageRepository;
	if (!image) throw invalidRequest('SourceConfiguration must include the ImageRepository the service was created with.');
	if (typeof image.ImageIdentifier !== 'string' || !imageIdentifierPattern.test(image.ImageIdentifier))
		throw invalidRequest('ImageIdentifier is not an ECR image reference.');
	if (image.ImageRepositoryType !== 'ECR' && image.ImageRepositoryType !== 'ECR_PUBLIC') throw invalidRequest('ImageRepositoryType must be ECR or ECR_PUBLIC.');
	const configuration = image.ImageConfiguration ?? {};
	service.imageIdentifier = image.ImageIdentifier;
	service.port = typeof configuration.Port === 'string' ? configuration.Port : '8080';
	if (typeof configuration.StartCommand === 'string') service.startCommand = configuration.StartCommand;
	else delete service.startCommand;
	service.environmentVariables = stringMap(configuration.RuntimeEnvironmentVariables);
	service.environmentSecrets = stringMap(configuration.RuntimeEnvironmentSecrets);
	if (typeof source.AutoDeploymentsEnabled === 'boolean') service.autoDeploymentsEnabled = source.AutoDeploymentsEnabled;
	if (typeof source.AuthenticationConfiguration?.AccessRoleArn === 'string') service.accessRoleArn = source.AuthenticationConfiguration.AccessRoleArn;
}
