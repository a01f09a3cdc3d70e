import {appRunnerStatus, startOperation} from '../apprunner-engine.js';
import {SimError, invalidParameter} from '../errors.js';
import {appRunnerServiceShape, requireAppRunnerService} from './apprunner.js';
import type {Handler} from './context.js';

const imageIdentifierPattern = /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|public\.ecr\.aws)\/[\w./-]+(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})$/;

export const appRunnerWriteHandlers: Record<string, Handler> = {
	StartDeployment(account, input, context) {
		const service = requireAppRunnerService(account, input.ServiceArn);
		const status = appRunnerStatus(service, context.now);
		if (status !== 'RUNNING') {
			throw new SimError('InvalidStateException', `You can't start a deployment for the service because it is in ${status} status.`);
		}
		return {OperationId: startOperation(account, service, 'START_DEPLOYMENT', context.now).id};
	},

	UpdateService(account, input, context) {
		const service = requireAppRunnerService(account, input.ServiceArn);
		const status = appRunnerStatus(service, context.now);
		if (status === 'OPERATION_IN_PROGRESS') throw new SimError('InvalidStateException', 'You can\'t update the service while an operation is in progress.');
		const imageIdentifier = (input.SourceConfiguration as {ImageRepository?: {ImageIdentifier?: unknown}} | undefined)?.ImageRepository?.ImageIdentifier;
		if (imageIdentifier !== undefined) {
			if (typeof imageIdentifier !== 'string' || !imageIdentifierPattern.test(imageIdentifier)) throw invalidParameter('ImageIdentifier is not an ECR image reference.');
			service.imageIdentifier = imageIdentifier;
		}
		const operation = startOperation(account, service, 'UPDATE_SERVICE', context.now);
		return {Service: appRunnerServiceShape(service, context.now), OperationId: operation.id};
	},
};
