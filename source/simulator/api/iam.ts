/** IAM's SimulatePrincipalPolicy in query/XML: what the account's faults deny is `implicitDeny`, the rest `allowed`. */
import type {SimAccount} from '../account.js';
import {SimError} from '../errors.js';
import {escapeXml} from './sts.js';

const namespace = 'https://iam.amazonaws.com/doc/2010-05-08/';
/** IAM pages its evaluation results; small pages, as every list of the simulator. */
const resultsPerPage = 20;

export function iamResponse(account: SimAccount, parameters: URLSearchParams, requestId: string, isDenied: (action: string) => boolean): string {
	const action = parameters.get('Action');
	if (parameters.get('Version') !== '2010-05-08') throw new SimError('InvalidAction', 'Could not find operation with the given version.');
	if (action !== 'SimulatePrincipalPolicy') throw new SimError('InvalidAction', `Could not find operation ${action ?? ''} for version 2010-05-08`);
	const source = parameters.get('PolicySourceArn') ?? '';
	if (!/^arn:aws[a-z-]*:iam::\d{12}:(user|role|group)\/.+$/.test(source))
		throw new SimError('InvalidInput', `Invalid ARN: ${source} is not the ARN of an IAM user, group or role.`, 400);
	if (source.split(':')[4] !== account.accountId) throw new SimError('NoSuchEntity', `The principal ${source} cannot be found.`, 404);
	const actions: string[] = [];
	for (let index = 1; parameters.has(`ActionNames.member.${index}`); index++) actions.push(parameters.get(`ActionNames.member.${index}`)!);
	if (actions.length === 0) throw new SimError('InvalidInput', 'ActionNames must not be empty.', 400);
	const start = Number(parameters.get('Marker') ?? 0);
	const page = actions.slice(start, start + resultsPerPage);
	const truncated = start + resultsPerPage < actions.length;
	const members = page
		.map(
			name => `      <member>
        <EvalActionName>${escapeXml(name)}</EvalActionName>
        <EvalResourceName>*</EvalResourceName>
        <EvalDecision>${isDenied(name) ? 'implicitDeny' : 'allowed'}</EvalDecision>
        <MatchedStatements/>
        <MissingContextValues/>
      </member>`,
		)
		.join('\n');
	return `<SimulatePrincipalPolicyResponse xmlns="${namespace}">
  <SimulatePrincipalPolicyResult>
    <IsTruncated>${truncated}</IsTruncated>
${truncated ? `    <Marker>${start + resultsPerPage}</Marker>\n` : ''}    <EvaluationResults>
${members}
    </EvaluationResults>
  </SimulatePrincipalPolicyResult>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</SimulatePrincipalPolicyResponse>
`;
}
