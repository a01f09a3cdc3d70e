import type {SimAccount} from '../account.js';
import {SimError} from '../errors.js';

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** STS speaks the query protocol: a form-encoded request and an XML answer. */
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
