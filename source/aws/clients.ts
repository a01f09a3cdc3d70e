import {AppRunnerClient} from '@aws-sdk/client-apprunner';
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import {ECRClient} from '@aws-sdk/client-ecr';
import {ECSClient} from '@aws-sdk/client-ecs';
import {LambdaClient} from '@aws-sdk/client-lambda';
import {STSClient} from '@aws-sdk/client-sts';
import type {AwsCredentialIdentityProvider} from '@smithy/types';

export type AwsSettings = {
	/** Overrides the region from the standard chain (AWS_REGION, the profile's region). */
	readonly region?: string;
	/** Overrides AWS_PROFILE. */
	readonly profile?: string;
	/** How long one attempt of a call may take, connection and answer; 10 s by default. */
	readonly attemptTimeoutMs?: number;
	/** Credentials other than the chain's: a role assumed in another account. */
	readonly credentials?: AwsCredentialIdentityProvider;
};

export type Clients = {
	readonly ecs: ECSClient;
	readonly ecr: ECRClient;
	readonly logs: CloudWatchLogsClient;
	/** Logs without the `stream-` host prefix, for Live Tail through an endpoint given as is. */
	readonly logsAsGiven: CloudWatchLogsClient;
	readonly appRunner: AppRunnerClient;
	readonly lambda: LambdaClient;
	readonly sts: STSClient;
};

export const defaultAttemptTimeoutMs = 10_000;

/** Attempts per call: with 10 s each, an endpoint that never answers is given up on in about 30 s. */
export const maxAttempts = 3;

/** The host a failed request was sent to, for the one line that says which endpoint did not answer. */
export type WithHost = {$host?: string};

type Stack = {middlewareStack: {add(middleware: unknown, options: {step: string; priority: string; name: string}): void}};

const hosts = new WeakMap<object, string>();

/** The host a client last sent a request to: each client talks to one endpoint. */
export function hostOf(client: object): string | undefined {
	return hosts.get(client);
}

function recordHost(client: Stack): void {
	client.middlewareStack.add(
		(next: (args: {request: {hostname?: string; port?: number}}) => Promise<unknown>) => async (args: {request: {hostname?: string; port?: number}}) => {
			const {hostname, port} = args.request;
			const host = hostname && (port ? `${hostname}:${port}` : hostname);
			if (host) hosts.set(client, host);
			try {
				return await next(args);
			} catch (error) {
				if (error && typeof error === 'object' && host) (error as WithHost).$host = host;
				throw error;
			}
		},
		{step: 'deserialize', priority: 'high', name: 'execdoctorRecordHost'},
	);
}

/**
 * Clients get region, profile, retry and timeout settings only: never an `endpoint`, so
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> keep working. Adaptive retries add
 * client-side rate limiting when AWS throttles (CloudWatch Logs allows 5 calls a second).
 * `throwOnRequestTimeout`: without it the handler only logs a warning when an attempt runs
 * past `requestTimeout`, and a black-holed endpoint hangs the scan for good.
 */
/** What every client execdoctor makes is given: the settings above, adaptive retries, bounded attempts. */
export function clientConfig(settings: AwsSettings) {
	const attempt = settings.attemptTimeoutMs ?? defaultAttemptTimeoutMs;
	return {
		...(settings.region ? {region: settings.region} : {}),
		...(settings.profile ? {profile: settings.profile} : {}),
		...(settings.credentials ? {credentials: settings.credentials} : {}),
		retryMode: 'adaptive',
		maxAttempts,
		requestHandler: {connectionTimeout: Math.min(3000, attempt), requestTimeout: attempt, throwOnRequestTimeout: true},
	};
}

export function createClients(settings: AwsSettings): Clients {
	const common = clientConfig(settings);
	const clients = {
		ecs: new ECSClient(common),
		ecr: new ECRClient(common),
		logs: new CloudWatchLogsClient(common),
		logsAsGiven: new CloudWatchLogsClient({...common, disableHostPrefix: true}),
		appRunner: new AppRunnerClient(common),
		lambda: new LambdaClient(common),
		sts: new STSClient(common),
	};
	for (const client of Object.values(clients)) recordHost(client as unknown as Stack);
	return clients;
}

export function destroyClients(clients: Clients): void {
	for (const client of Object.values(clients)) client.destroy();
}
