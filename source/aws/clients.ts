import {AppRunnerClient} from '@aws-sdk/client-apprunner';
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import {ECRClient} from '@aws-sdk/client-ecr';
import {ECSClient} from '@aws-sdk/client-ecs';
import {STSClient} from '@aws-sdk/client-sts';

export type AwsSettings = {
	/** Overrides the region from the standard chain (AWS_REGION, the profile's region). */
	readonly region?: string;
	/** Overrides AWS_PROFILE. */
	readonly profile?: string;
};

export type Clients = {
	readonly ecs: ECSClient;
	readonly ecr: ECRClient;
	readonly logs: CloudWatchLogsClient;
	readonly appRunner: AppRunnerClient;
	readonly sts: STSClient;
};

/**
 * Clients get region, profile and retry settings only: never an `endpoint`, so
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> keep working. Adaptive retries add
 * client-side rate limiting when AWS throttles (CloudWatch Logs allows 5 calls a second);
 * five attempts keep an unreachable endpoint's failure to a few seconds.
 */
export function createClients(settings: AwsSettings): Clients {
	const common = {
		...(settings.region ? {region: settings.region} : {}),
		...(settings.profile ? {profile: settings.profile} : {}),
		retryMode: 'adaptive',
		maxAttempts: 5,
		// Without these a black-holed endpoint hangs until the OS gives up on TCP (minutes).
		requestHandler: {connectionTimeout: 5000, requestTimeout: 30_000},
	};
	return {
		ecs: new ECSClient(common),
		ecr: new ECRClient(common),
		logs: new CloudWatchLogsClient(common),
		appRunner: new AppRunnerClient(common),
		sts: new STSClient(common),
	};
}

export function destroyClients(clients: Clients): void {
	for (const client of Object.values(clients)) client.destroy();
}
