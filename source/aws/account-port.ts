import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import type {AccountPort, Deadline} from '../ports/account.js';
import {systemClock, type Clock} from '../clock.js';
import {AwsError} from '../errors.js';
import {isValidRegionName} from '../regions.js';
import * as appRunner from './apprunner.js';
import {createClients, defaultAttemptTimeoutMs, destroyClients, hostOf, type AwsSettings, type Clients} from './clients.js';
import * as ecr from './ecr.js';
import * as ecs from './ecs.js';
import {toAwsError, type ErrorContext} from './errors.js';
import * as lambda from './lambda.js';
import * as logs from './logs.js';
import {tailLogs} from './live-tail.js';
import {checkProfileExists} from './profiles.js';

export type AwsAccountPort = AccountPort & {readonly clients: Clients; close(): void; withDeadline(deadline: Deadline): AwsAccountPort};

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

function deadlineError(action: string, deadline: Deadline): AwsError {
	return new AwsError('deadline', action, `${action} did not answer within the scan's ${Number((deadline.budgetMs / 1000).toFixed(1))} s budget.`, 'Deadline');
}

/**
 * Settles as `run()` does, or rejects when the deadline passes first (the request itself ends
 * at its own timeout). Past the deadline nothing is sent: a request started then would reject
 * later with nobody listening.
 */
function racing<T>(run: () => Promise<T>, action: string, deadline: Deadline | undefined): Promise<T> {
	if (!deadline) return run();
	if (deadline.signal.aborted) return Promise.reject(deadlineError(action, deadline));
	const work = run();
	return new Promise<T>((resolve, reject) => {
		const abort = () => reject(deadlineError(action, deadline));
		deadline.signal.addEventListener('abort', abort, {once: true});
		work.then(resolve, reject).finally(() => deadline.signal.removeEventListener('abort', abort));
	});
}

export async function createAccountPort(settings: AwsSettings, options: {insightsTimeoutMs?: number; clock?: Clock} = {}): Promise<AwsAccountPort> {
	await checkProfileExists(settings.profile ?? process.env.AWS_PROFILE);
	const clients = createClients(settings);
	const region = await resolveRegion(clients, {...(settings.profile ? {profile: settings.profile} : {})});
	const context: ErrorContext = {
		region,
		...(settings.profile ? {profile: settings.profile} : {}),
		attemptTimeoutMs: settings.attemptTimeoutMs ?? defaultAttemptTimeoutMs,
	};
	return portOn(clients, region, context, {insightsTimeoutMs: options.insightsTimeoutMs ?? 60_000, clock: options.clock ?? systemClock});
}

function portOn(
	clients: Clients,
	region: string,
	context: ErrorContext,
	settings: {insightsTimeoutMs: number; clock: Clock},
	deadline?: Deadline,
): AwsAccountPort {
	const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
		try {
			return await racing(run, action, deadline);
		} catch (error) {
			throw toAwsError(error, action, context);
		}
	};
	const {insightsTimeoutMs, clock} = settings;

	return {
		region,
		clients,
		close: () => destroyClients(clients),
		withDeadline: next => portOn(clients, region, context, settings, next),
		identity: () =>
			call('sts:GetCallerIdentity', async () => {
				const output = await clients.sts.send(new GetCallerIdentityCommand({}));
				// STS always names the account: an answer without one came from something else (a web page).
				if (!output.Account) {
					const host = hostOf(clients.sts);
					const endpoint = `The AWS endpoint for sts${host ? ` (${host})` : ''}`;
					throw new AwsError(
						'endpoint',
						'sts:GetCallerIdentity',
						`${endpoint} answered HTTP ${output.$metadata.httpStatusCode ?? 200} without an account id, not an AWS answer. Check AWS_ENDPOINT_URL, any proxy (HTTPS_PROXY) and your network.`,
					);
				}
				return {account: output.Account, arn: output.Arn ?? ''};
			}),
		listClusters: () => call('ecs:ListClusters', () => ecs.listClusters(clients.ecs)),
		describeClusters: clusters => call('ecs:DescribeClusters', () => ecs.describeClusters(clients.ecs, clusters)),
		listServices: cluster => call('ecs:ListServices', () => ecs.listServices(clients.ecs, cluster)),
		describeServices: (cluster, services) => call('ecs:DescribeServices', () => ecs.describeServices(clients.ecs, cluster, services)),
		listTasks: (cluster, filter) => call('ecs:ListTasks', () => ecs.listTasks(clients.ecs, cluster, filter)),
		describeTasks: (cluster, tasks) => call('ecs:DescribeTasks', () => ecs.describeTasks(clients.ecs, cluster, tasks)),
		describeTaskDefinition: taskDefinition => call('ecs:DescribeTaskDefinition', () => ecs.describeTaskDefinition(clients.ecs, taskDefinition)),
		listContainerInstances: cluster => call('ecs:ListContainerInstances', () => ecs.listContainerInstances(clients.ecs, cluster)),
		listTaskDefinitionFamilies: () => call('ecs:ListTaskDefinitionFamilies', () => ecs.listTaskDefinitionFamilies(clients.ecs)),
		describeContainerInstances: (cluster, instances) =>
			call('ecs:DescribeContainerInstances', () => ecs.describeContainerInstances(clients.ecs, cluster, instances)),
		listAppRunnerServices: () => call('apprunner:ListServices', () => appRunner.listServices(clients.appRunner)),
		describeAppRunnerService: arn => call('apprunner:DescribeService', () => appRunner.describeService(clients.appRunner, arn)),
		listAppRunnerOperations: (arn, max) => call('apprunner:ListOperations', () => appRunner.listOperations(clients.appRunner, arn, max)),
		listLambdaFunctions: () => call('lambda:ListFunctions', () => lambda.listFunctions(clients.lambda)),
		getLambdaFunction: name => call('lambda:GetFunction', () => lambda.getFunction(clients.lambda, name)),
		queryLogs: query => call('logs:StartQuery', () => logs.queryLogs(clients.logs, query, insightsTimeoutMs, clock, deadline?.signal)),
		filterLogEvents: filter => call('logs:FilterLogEvents', () => logs.filterLogEvents(clients.logs, filter)),
		tailLogs: request => call('logs:StartLiveTail', () => tailLogs(clients, request)),
		batchGetImage: (registryId, repository, imageId) => call('ecr:BatchGetImage', () => ecr.batchGetImage(clients.ecr, registryId, repository, imageId)),
		getBlob: (registryId, repository, digest) => call('ecr:GetDownloadUrlForLayer', () => ecr.getBlob(clients.ecr, registryId, repository, digest)),
		openBlob: (registryId, repository, digest, signal) =>
			call('ecr:GetDownloadUrlForLayer', () => ecr.openBlob(clients.ecr, registryId, repository, digest, signal)),
		imagePushedAt: (registryId, repository, tag) => call('ecr:DescribeImages', () => ecr.imagePushedAt(clients.ecr, registryId, repository, tag)),
	};
}
