import {AwsError} from '../errors.js';

type SdkError = Error & {
	code?: string;
	hostname?: string;
	$host?: string;
	$fault?: 'client' | 'server';
	$metadata?: {httpStatusCode?: number; attempts?: number};
	$response?: {statusCode?: number; headers?: Record<string, string>};
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

export type ErrorContext = {readonly region: string; readonly profile?: string; readonly attemptTimeoutMs?: number};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** An answer that is no AWS answer: a proxy's login page, a load balancer's 502, a web server. */
function foreignAnswer(error: SdkError): string | undefined {
	const status = error.$response?.statusCode ?? error.$metadata?.httpStatusCode;
	if (status === undefined) return undefined;
	const type = Object.entries(error.$response?.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
	const html = /html/i.test(type) || /Unexpected token '<'/.test(error.message);
	if (error.name === 'SyntaxError' || ((error.name === 'Unknown' || error.name === 'UnknownError') && status >= 500) || (html && status >= 300)) {
		return `answered HTTP ${status} ${html ? 'with an HTML page' : 'with no AWS error'}, not an AWS answer`;
	}
	return undefined;
}

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
	const service = action.split(':')[0];
	const host = sdkError.$host ?? sdkError.hostname;
	const endpoint = `AWS endpoint for ${service}${host ? ` (${host})` : ''}`;
	const foreign = foreignAnswer(sdkError);
	if (foreign) return new AwsError('endpoint', action, `The ${endpoint} ${foreign}. Check AWS_ENDPOINT_URL, any proxy (HTTPS_PROXY) and your network.`, name);
	const network = networkCode(sdkError);
	if (name === 'TimeoutError' || name === 'RequestTimeout' || network === 'ETIMEDOUT') {
		const attempts = sdkError.$metadata?.attempts ?? 1;
		const within = context.attemptTimeoutMs ? ` within ${seconds(context.attemptTimeoutMs)}` : '';
		return new AwsError(
			'endpoint',
			action,
			`The ${endpoint} did not answer${within}, ${attempts === 1 ? 'once' : `${attempts} times`}, in region ${context.region}. Check --region, AWS_ENDPOINT_URL and your network.`,
			'TimeoutError',
		);
	}
	if (network) {
		return new AwsError(
			'endpoint',
			action,
			`Could not reach the ${endpoint} in region ${context.region}: ${network}. Check --region, AWS_ENDPOINT_URL and your network.`,
			network,
		);
	}
	return new AwsError('service', action, `${action} failed: ${name}: ${message}`, name);
}
