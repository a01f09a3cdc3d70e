/**
 * Beyond one region of one account: the regions enabled for the account (account:ListRegions)
 * and a role assumed in another account (sts:AssumeRole), each through the SDK's own clients
 * and paginators, with the endpoint overrides (AWS_ENDPOINT_URL_ACCOUNT, …_STS) left to it.
 */
import {AccountClient, paginateListRegions} from '@aws-sdk/client-account';
import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts';
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@smithy/types';
import {clientConfig, type AwsSettings} from './clients.js';
import {toAwsError} from './errors.js';

const common = (settings: AwsSettings, region: string) => clientConfig({...settings, region});

/** The regions the account has enabled (opted in, or enabled by default), sorted. */
export async function enabledRegions(settings: AwsSettings, homeRegion: string): Promise<string[]> {
	const client = new AccountClient(common(settings, homeRegion));
	try {
		const regions: string[] = [];
		for await (const page of paginateListRegions({client, pageSize: 50}, {RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT']})) {
			for (const region of page.Regions ?? []) if (region.RegionName) regions.push(region.RegionName);
		}
		return regions.sort();
	} catch (error) {
		throw toAwsError(error, 'account:ListRegions', {region: homeRegion, ...(settings.profile ? {profile: settings.profile} : {})});
	} finally {
		client.destroy();
	}
}

function partitionOf(region: string): string {
	if (region.startsWith('cn-')) return 'aws-cn';
	if (region.startsWith('us-gov-')) return 'aws-us-gov';
	return 'aws';
}

/**
 * Credentials of `roleName` in `accountId`, assumed with the chain's (or the profile's)
 * credentials, renewed five minutes before they expire.
 */
export function assumedRole(settings: AwsSettings, homeRegion: string, accountId: string, roleName: string): AwsCredentialIdentityProvider {
	const sts = new STSClient(common(settings, homeRegion));
	const roleArn = `arn:${partitionOf(homeRegion)}:iam::${accountId}:role/${roleName}`;
	let current: Promise<AwsCredentialIdentity> | undefined;
	const assume = async (): Promise<AwsCredentialIdentity> => {
		try {
			const {Credentials: credentials} = await sts.send(new AssumeRoleCommand({RoleArn: roleArn, RoleSessionName: 'execdoctor', DurationSeconds: 3600}));
			if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error(`sts:AssumeRole of ${roleArn} returned no credentials`);
			return {
				accessKeyId: credentials.AccessKeyId,
				secretAccessKey: credentials.SecretAccessKey,
				...(credentials.SessionToken ? {sessionToken: credentials.SessionToken} : {}),
				...(credentials.Expiration ? {expiration: credentials.Expiration} : {}),
			};
		} catch (error) {
			current = undefined;
			throw toAwsError(error, 'sts:AssumeRole', {region: homeRegion, ...(settings.profile ? {profile: settings.profile} : {})});
		}
	};
	return async () => {
		const held = current ? await current.catch(() => undefined) : undefined;
		if (!held || (held.expiration && held.expiration.getTime() - Date.now() < 5 * 60_000)) current = assume();
		return current!;
	};
}
