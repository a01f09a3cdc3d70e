import {AwsError} from '../errors.js';

type SdkError = Error & {
	code?: string;
	hostname?: string;
	$fault?: 'client' | 'server';
	$metadata?: {httpStatusCode?: number};
	cause?: unknown;
};

const throttlingCodes = new Set([
	'ThrottlingException',
	'Throttling',
	'TooManyRequestsException',
	'RequestLimitExceeded',
	'RequestThrottled',
	'RequestThrottledException',
	'RateExceeded',
	'LimitExceededException',
	'SlowDown',
]);

const notFoundCodes = new Set([
	'ClusterNotFoundException',
	'ServiceNotFoundException',
	'ResourceNotFoundException',
	'RepositoryNotFoundException',
	'ImageNotFoundException',
	'LayersNotFoundException',
]);

const accessDeniedCodes = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const expiredCodes = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired']);
const rejectedCredentialCodes = new Set([
	'UnrecognizedClientException',
	'InvalidClientTokenId',
	'InvalidSignatureException',
	'SignatureDoesNotMatch',
	'IncompleteSignature',
	'MissingAuthenticationTokenException',
]);
const networkCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: SdkError): string | undefined {
	for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
		const code = (current as SdkError).code;
		if (code && networkCodes.has(code)) return code;
		current = (current as SdkError).cause;
	}
	return undefined;
}

export type ErrorContext = {readonly region: string; readonly profile?: string};

function profileHint(context: ErrorContext): string {
	return context.profile ? ` --profile ${context.profile}` : '';
}

/** Turns any SDK failure into an AwsError with a message a person can act on. */
export function toAwsError(error: unknown, defaultAction: string, context: ErrorContext): AwsError {
	if (error instanceof AwsError) return error;
	// A call made on behalf of another (GetQueryResults for StartQuery) names its own action.
	const action = (error as {$action?: string} | undefined)?.$action ?? defaultAction;
	const sdkError = (error instanceof Error ? error : new Error(String(error))) as SdkError;
	const name = sdkError.name;
	const message = sdkError.message.split('\n')[0] ?? '';

	if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
		if (/sso/i.test(message) && /expired|aws sso login|invalid/i.test(message)) {
			return new AwsError(
				'credentials',
				action,
				`Your AWS SSO session has expired or is invalid: run \`aws sso login${profileHint(context)}\`, then try again.`,
				name,
			);
		}
		if (context.profile && /profile/i.test(message)) {
			return new AwsError(
				'credentials',
				action,
				`AWS profile "${context.profile}" was not found or has no usable credentials in ~/.aws/config or ~/.aws/credentials.`,
				name,
			);
		}
		return new AwsError(
			'credentials',
			action,
			'No AWS credentials found: pass --profile, set AWS_PROFILE, run `aws configure` or `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
			name,
		);
	}
	if (/region is missing/i.test(message)) {
		return new AwsError('region', action, 'No AWS region is set: pass --region, set AWS_REGION, or set a region in your profile.', name);
	}
	if (expiredCodes.has(name)) {
		return new AwsError(
			'credentials',
			action,
			`Your AWS credentials have expired (${name}): refresh them (for SSO, \`aws sso login${profileHint(context)}\`) and try again.`,
			name,
		);
	}
	if (rejectedCredentialCodes.has(name)) {
		return new AwsError('credentials', action, `AWS rejected the credentials (${name}): check AWS_PROFILE or your access keys.`, name);
	}
	if (accessDeniedCodes.has(name)) return new AwsError('access-denied', action, `Access denied to ${action}: ${message}`, name);
	if (throttlingCodes.has(name)) return new AwsError('throttled', action, `${action} was throttled by AWS even after retries (${name}).`, name);
	if (notFoundCodes.has(name)) return new AwsError('not-found', action, message || `${action}: not found`, name);
	if (
		name === 'InvalidParameterException' ||
		name === 'ClientException' ||
		name === 'ValidationException' ||
		name === 'MalformedQueryException' ||
		name === 'InvalidRequestException'
	) {
		return new AwsError('invalid-input', action, `${action}: ${message}`, name);
	}
	if (name === 'ImageTagAlreadyExistsException' || name === 'InvalidStateException' || name === 'ConflictException' || name === 'UpdateInProgressException') {
		return new AwsError('conflict', action, `${action}: ${message}`, name);
	}
	const network = networkCode(sdkError);
	if (network || name === 'TimeoutError' || name === 'RequestTimeout') {
		const host = sdkError.hostname ? ` (${sdkError.hostname})` : '';
		return new AwsError(
			'endpoint',
			action,
			`Could not reach the AWS endpoint for ${action.split(':')[0]}${host} in region ${context.region}: ${network ?? name}. Check --region, AWS_ENDPOINT_URL and your network.`,
			network ?? name,
		);
	}
	return new AwsError('service', action, `${action} failed: ${name}: ${message}`, name);
}
