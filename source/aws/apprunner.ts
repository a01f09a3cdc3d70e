import {DescribeServiceCommand, paginateListOperations, paginateListServices, type AppRunnerClient} from '@aws-sdk/client-apprunner';
import type {AppRunnerOperation, AppRunnerService, AppRunnerServiceSummary} from '../ports/account.js';

export async function listServices(client: AppRunnerClient): Promise<AppRunnerServiceSummary[]> {
	const services: AppRunnerServiceSummary[] = [];
	for await (const page of paginateListServices({client, pageSize: 20}, {})) {
		for (const service of page.ServiceSummaryList ?? []) {
			services.push({arn: service.ServiceArn ?? '', name: service.ServiceName ?? '', id: service.ServiceId ?? '', status: service.Status ?? ''});
		}
	}
	return services;
}

export async function describeService(client: AppRunnerClient, arn: string): Promise<AppRunnerService> {
	const {Service: service} = await client.send(new DescribeServiceCommand({ServiceArn: arn}));
	const image = service?.SourceConfiguration?.ImageRepository;
	const optional = {
		imageIdentifier: image?.ImageIdentifier,
		imageRepositoryType: image?.ImageRepositoryType,
		autoDeploymentsEnabled: service?.SourceConfiguration?.AutoDeploymentsEnabled,
		port: image?.ImageConfiguration?.Port,
		startCommand: image?.ImageConfiguration?.StartCommand,
		accessRoleArn: service?.SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn,
		serviceUrl: service?.ServiceUrl,
		createdAt: service?.CreatedAt,
		updatedAt: service?.UpdatedAt,
	};
	return {
		arn: service?.ServiceArn ?? arn,
		name: service?.ServiceName ?? '',
		id: service?.ServiceId ?? '',
		status: service?.Status ?? '',
		environmentVariableNames: Object.keys(image?.ImageConfiguration?.RuntimeEnvironmentVariables ?? {}),
		secretNames: Object.keys(image?.ImageConfiguration?.RuntimeEnvironmentSecrets ?? {}),
		...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
	};
}

/** Newest first, as App Runner lists them; stops after `max`. */
export async function listOperations(client: AppRunnerClient, arn: string, max: number): Promise<AppRunnerOperation[]> {
	const operations: AppRunnerOperation[] = [];
	for await (const page of paginateListOperations({client, pageSize: Math.min(20, Math.max(1, max))}, {ServiceArn: arn})) {
		for (const operation of page.OperationSummaryList ?? []) {
			operations.push({
				id: operation.Id ?? '',
				type: operation.Type ?? '',
				status: operation.Status ?? '',
				...(operation.StartedAt ? {startedAt: operation.StartedAt} : {}),
				...(operation.EndedAt ? {endedAt: operation.EndedAt} : {}),
			});
		}
		if (operations.length >= max) break;
	}
	return operations.slice(0, max);
}
