import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import type {AccountPort} from '../ports/account.js';
import {systemClock, type Clock} from '../clock.js';
import {AwsError} from '../errors.js';
import {isValidRegionName} from '../regions.js';
import * as appRunner from './apprunner.js';
import {createClients, destroyClients, type AwsSettings, type Clients} from './clients.js';
import * as ecr from './ecr.js';
import * as ecs from './ecs.js';
import {toAwsError, type ErrorContext} from './errors.js';
import * as logs from './logs.js';
import {checkProfileExists} from './profiles.js';

export type AwsAccountPort = AccountPort & {readonly clients: Clients; close(): void};

/** Resolves the region through the SDK's chain (flag, AWS_REGION, profile) and checks its form. */
export async function resolveRegion(clients: Clients, context: Omit<ErrorContext, 'region'>): Promise<string> {
	let region: string;
	try {
		region = await clients.sts.config.region();
	} catch (error) {
		throw toAwsError(error, 'sts:GetCallerIdentity', {...context, region: 'unknown'});
	}
	if (!isValidRegionName(region)) {
		throw new AwsError('region', 'sts:GetCallerIdentity', `"${region}" is not an AWS region name (expected something like us-east-1 or ap-northeast-1).`);
	}
	return region;
}

export async function createAccountPort(settings: AwsSettings, options: {insightsTimeoutMs?: number; clock?: Clock} = {}): Promise<AwsAccountPort> {
	await checkProfileExists(settings.profile ?? process.env.AWS_PROFILE);
	const clients = createClients(settings);
	const region = await resolveRegion(clients, {...(settings.profile ? {profile: settings.profile} : {})});
	const context: ErrorContext = {region, ...(settings.profile ? {profile: settings.profile} : {})};
	const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
		try {
			return await run();
		} catch (error) {
			throw toAwsError(error, action, context);
		}
	};
	const insightsTimeoutMs = options.insightsTimeoutMs ?? 60_000;
	const clock = options.clock ?? systemClock;

	return {
		region,
		clients,
		close: () => destroyClients(clients),
		identity: () =>
			call('sts:GetCallerIdentity', async () => {
				const output = await clients.sts.send(new GetCallerIdentityCommand({}));
				return {account: output.Account ?? '', arn: output.Arn ?? ''};
			}),
		listClusters: () => call('ecs:ListClusters', () => ecs.listClusters(clients.ecs)),
		describeClusters: clusters => call('ecs:DescribeClusters', () => ecs.describeClusters(clients.ecs, clusters)),
		listServices: cluster => call('ecs:ListServices', () => ecs.listServices(clients.ecs, cluster)),
		describeServices: (cluster, services) => call('ecs:DescribeServices', () => ecs.describeServices(clients.ecs, cluster, services)),
		listTasks: (cluster, filter) => call('ecs:ListTasks', () => ecs.listTasks(clients.ecs, cluster, filter)),
		describeTasks: (cluster, tasks) => call('ecs:DescribeTasks', () => ecs.describeTasks(clients.ecs, cluster, tasks)),
		describeTaskDefinition: taskDefinition => call('ecs:DescribeTaskDefinition', () => ecs.describeTaskDefinition(clients.ecs, taskDefinition)),
		listContainerInstances: cluster => call('ecs:ListContainerInstances', () => ecs.listContainerInstances(clients.ecs, cluster)),
		describeContainerInstances: (cluster, instances) =>
			call('ecs:DescribeContainerInstances', () => ecs.describeContainerInstances(clients.ecs, cluster, instances)),
		listAppRunnerServices: () => call('apprunner:ListServices', () => appRunner.listServices(clients.appRunner)),
		describeAppRunnerService: arn => call('apprunner:DescribeService', () => appRunner.describeService(clients.appRunner, arn)),
		listAppRunnerOperations: (arn, max) => call('apprunner:ListOperations', () => appRunner.listOperations(clients.appRunner, arn, max)),
		queryLogs: query => call('logs:StartQuery', () => logs.queryLogs(clients.logs, query, insightsTimeoutMs, clock)),
		filterLogEvents: filter => call('logs:FilterLogEvents', () => logs.filterLogEvents(clients.logs, filter)),
		batchGetImage: (registryId, repository, imageId) => call('ecr:BatchGetImage', () => ecr.batchGetImage(clients.ecr, registryId, repository, imageId)),
		getBlob: (registryId, repository, digest) => call('ecr:GetDownloadUrlForLayer', () => ecr.getBlob(clients.ecr, registryId, repository, digest)),
		imagePushedAt: (registryId, repository, tag) => call('ecr:DescribeImages', () => ecr.imagePushedAt(clients.ecr, registryId, repository, tag)),
	};
}
