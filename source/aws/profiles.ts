import {loadSharedConfigFiles} from '@smithy/core/config';
import {AwsError} from '../errors.js';

/**
 * A named profile that is in neither ~/.aws/config nor ~/.aws/credentials. The SDK's own
 * error for this is the generic "Could not load credentials from any providers".
 */
export async function checkProfileExists(profile: string | undefined): Promise<void> {
	if (!profile) return;
	const {configFile, credentialsFile} = await loadSharedConfigFiles({ignoreCache: true});
	if (configFile[profile] || credentialsFile[profile]) return;
	throw new AwsError(
		'credentials',
		'sts:GetCallerIdentity',
		`AWS profile "${profile}" was not found in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).`,
	);
}
