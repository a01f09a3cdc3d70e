import type {SimAccount} from '../account.js';
import {SimError} from '../errors.js';

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** STS speaks the query protocol: a form-encoded request and an XML answer. */
/** Credentials a role assumed in `accountId` signs with: the simulator routes their key to that account. */
export function assumedAccessKey(accountId: string, serial: number): string {
	return `ASIA${accountId}${String(serial).padStart(4, '0')}`;
}

/** The account a request's access key belongs to, when it names one (assumed roles, test profiles). */
export function accountOfAccessKey(accessKey: string): string | undefined {
	return /^(?:ASIA|AKIA)(\d{12})/.exec(accessKey)?.[1];
}

/** AssumeRole: allowed when the target account has the role and trusts the caller's account. */
export function assumeRoleResponse(
	caller: SimAccount,
	target: SimAccount | undefined,
	parameters: URLSearchParams,
	requestId: string,
	serial: number,
	now: number,
): string {
	const roleArn = parameters.get('RoleArn') ?? '';
	const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
	if (!match) throw new SimError('ValidationError', `${roleArn} is invalid`);
	if (!target || target.accountId !== match[1] || !target.assumableRoles.has(match[2]!)) {
		throw new SimError('AccessDenied', `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
	}
	const session = parameters.get('RoleSessionName') ?? 'session';
	const expiration = new Date(now + Number(parameters.get('DurationSeconds') ?? 3600) * 1000).toISOString();
	return `<AssumeRoleResponse xmlns="${namespace}">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${assumedAccessKey(target.accountId, serial)}</AccessKeyId>
      <SecretAccessKey>simulated-assumed-secret</SecretAccessKey>
      <SessionToken>simulated-session-token-${serial}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${target.accountId}:assumed-role/${escapeXml(match[2]!)}/${escapeXml(session)}</Arn>
      <AssumedRoleId>AROASIMULATED:${escapeXml(session)}</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`;
}

export function stsResponse(account: SimAccount, parameters: URLSearchParams, requestId: string): string {
	const action = parameters.get('Action');
	if (parameters.get('Version') !== '2011-06-15') throw new SimError('InvalidAction', 'Could not find operation with the given version.');
	if (action !== 'GetCallerIdentity') throw new SimError('InvalidAction', `Could not find operation ${action ?? ''} for version 2011-06-15`);
	return `<GetCallerIdentityResponse xmlns="${namespace}">
  <GetCallerIdentityResult>
    <Arn>${escapeXml(account.principalArn)}</Arn>
    <UserId>AIDASIMULATEDEXECDOCTOR</UserId>
    <Account>${account.accountId}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`;
}

export function stsError(code: string, message: string, requestId: string): string {
	return `<ErrorResponse xmlns="${namespace}">
  <Error>
    <Type>Sender</Type>
    <Code>${escapeXml(code)}</Code>
    <Message>${escapeXml(message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>
`;
}
