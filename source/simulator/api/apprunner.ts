import type {SimAccount} from '../account.js';
import {appRunnerStatus} from '../apprunner-engine.js';
import {SimError, invalidParameter} from '../errors.js';
import type {SimAppRunnerService} from '../model.js';
import {page} from '../pagination.js';
import {compact, seconds, type Handler} from './context.js';

export function requireAppRunnerService(account: SimAccount, arn: unknown): SimAppRunnerService {
	if (typeof arn !== 'string' || !arn) throw invalidParameter('ServiceArn can not be empty.');
	const service = account.appRunnerServices.get(arn);
	if (!service) throw new SimError('ResourceNotFoundException', `Resource with ARN ${arn} does not exist.`);
	return service;
}

/** `ServiceSummary`, the part of `Service` that ListServices returns. */
function summaryShape(service: SimAppRunnerService, now: number) {
	return {
		ServiceName: service.name,
		ServiceId: service.id,
		ServiceArn: service.arn,
		ServiceUrl: service.url,
		CreatedAt: seconds(service.createdAt),
		UpdatedAt: seconds(service.updatedAt),
		Status: appRunnerStatus(service, now),
	};
}

export function appRunnerServiceShape(service: SimAppRunnerService, now: number) {
	return compact({
		...summaryShape(service, now),
		SourceConfiguration: compact({
			ImageRepository: {
				ImageIdentifier: service.imageIdentifier,
				ImageRepositoryType: service.imageRepositoryType,
				ImageConfiguration: compact({
					Port: service.port,
					StartCommand: service.startCommand,
					RuntimeEnvironmentVariables: Object.keys(service.environmentVariables).length > 0 ? service.environmentVariables : undefined,
					RuntimeEnvironmentSecrets: Object.keys(service.environmentSecrets).length > 0 ? service.environmentSecrets : undefined,
				}),
			},
			AutoDeploymentsEnabled: service.autoDeploymentsEnabled,
			AuthenticationConfiguration: service.accessRoleArn ? {AccessRoleArn: service.accessRoleArn} : undefined,
		}),
		InstanceConfiguration: {Cpu: '1024', Memory: '2048'},
		HealthCheckConfiguration: {Protocol: 'TCP', Interval: 10, Timeout: 5, HealthyThreshold: 1, UnhealthyThreshold: 5},
		NetworkConfiguration: {EgressConfiguration: {EgressType: 'DEFAULT'}, IngressConfiguration: {IsPubliclyAccessible: true}, IpAddressType: 'IPV4'},
		ObservabilityConfiguration: {ObservabilityEnabled: false},
		AutoScalingConfigurationSummary: {
			AutoScalingConfigurationArn: service.arn.replace(/:service\/.*/, ':autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001'),
			AutoScalingConfigurationName: 'DefaultConfiguration',
			AutoScalingConfigurationRevision: 1,
		},
	});
}

const maxListResults = 20;

export const appRunnerReadHandlers: Record<string, Handler> = {
	ListServices(account, input, context) {
		const services = [...account.appRunnerServices.values()];
		const result = page(services, {
			token: input.NextToken,
			maxResults: input.MaxResults,
			defaultMax: maxListResults,
			limit: maxListResults,
			pageSize: context.pageSize,
			scope: 'apprunner-services',
		});
		return compact({
			ServiceSummaryList: result.items.map(service => summaryShape(service, context.now)),
			NextToken: result.nextToken,
		});
	},

	DescribeService(account, input, context) {
		return {Service: appRunnerServiceShape(requireAppRunnerService(account, input.ServiceArn), context.now)};
	},

	ListOperations(account, input, context) {
		const service = requireAppRunnerService(account, input.ServiceArn);
		const operations = service.operations.filter(operation => operation.startedAt <= context.now);
		const result = page(operations, {
			token: input.NextToken,
			maxResults: input.MaxResults,
			defaultMax: maxListResults,
			limit: maxListResults,
			pageSize: context.pageSize,
			scope: `operations:${service.arn}`,
		});
		return compact({
			OperationSummaryList: result.items.map(operation => {
				const ended = operation.endsAt <= context.now;
				return compact({
					Id: operation.id,
					Type: operation.type,
					Status: ended ? operation.status : 'IN_PROGRESS',
					TargetArn: operation.targetArn,
					StartedAt: seconds(operation.startedAt),
					EndedAt: ended ? seconds(operation.endsAt) : undefined,
					UpdatedAt: seconds(ended ? operation.endsAt : operation.startedAt),
				});
			}),
			NextToken: result.nextToken,
		});
	},
};
