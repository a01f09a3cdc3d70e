/**
 * Which of execdoctor's actions the identity may call: `iam:SimulatePrincipalPolicy` where it is
 * allowed (exact, every action), else a probe per action that changes nothing: a read of one
 * item, or a call on a resource that does not exist, which AWS answers with AccessDenied before
 * it looks for the resource. Actions without such a probe are reported as not checked.
 */
import {
	DescribeServiceCommand,
	ListOperationsCommand,
	ListServicesCommand as ListAppRunnerServicesCommand,
	StartDeploymentCommand,
} from '@aws-sdk/client-apprunner';
import {FilterLogEventsCommand, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand} from '@aws-sdk/client-cloudwatch-logs';
import {
	BatchDeleteImageCommand,
	BatchGetImageCommand,
	DescribeImagesCommand,
	DescribeRepositoriesCommand,
	GetDownloadUrlForLayerCommand,
	PutImageCommand,
} from '@aws-sdk/client-ecr';
import {
	DeregisterTaskDefinitionCommand,
	DescribeClustersCommand,
	DescribeContainerInstancesCommand,
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	DescribeTasksCommand,
	ListClustersCommand,
	ListContainerInstancesCommand,
	ListServicesCommand,
	ListTaskDefinitionFamiliesCommand,
	ListTasksCommand,
	UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {IAMClient, paginateSimulatePrincipalPolicy} from '@aws-sdk/client-iam';
import {GetFunctionCommand, ListFunctionsCommand, UpdateFunctionCodeCommand} from '@aws-sdk/client-lambda';
import type {AwsAccountPort} from './account-port.js';
import type {ActionCheck, PermissionCheck} from '../permissions/policy.js';
import {clientConfig, type AwsSettings} from './clients.js';

const accessDenied = /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError|not authorized/i;

/** `arn:aws:sts::1:assumed-role/Name/session` → `arn:aws:iam::1:role/Name`: what IAM simulates. */
export function policySourceArn(callerArn: string): string {
	const assumed = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
	return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : callerArn;
}

const probeName = 'execdoctor-permission-probe';

/** An App Runner service ARN that names no service. */
const probeAppRunnerArn = (account: string, region: string) => `arn:aws:apprunner:${region}:${account}:service/${probeName}/${'0'.repeat(32)}`;

type Probes = Record<string, (port: AwsAccountPort, account: string, region: string) => Promise<unknown>>;

/** One harmless call per action; none of them changes anything. */
const probes: Probes = {
	'ecs:ListClusters': port => port.clients.ecs.send(new ListClustersCommand({maxResults: 1})),
	'ecs:DescribeClusters': port => port.clients.ecs.send(new DescribeClustersCommand({clusters: [probeName]})),
	'ecs:ListServices': port => port.clients.ecs.send(new ListServicesCommand({cluster: probeName, maxResults: 1})),
	'ecs:DescribeServices': port => port.clients.ecs.send(new DescribeServicesCommand({cluster: probeName, services: [probeName]})),
	'ecs:ListTasks': port => port.clients.ecs.send(new ListTasksCommand({cluster: probeName, maxResults: 1})),
	'ecs:DescribeTasks': port => port.clients.ecs.send(new DescribeTasksCommand({cluster: probeName, tasks: [probeName]})),
	'ecs:DescribeTaskDefinition': port => port.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: `${probeName}:1`})),
	'ecs:ListContainerInstances': port => port.clients.ecs.send(new ListContainerInstancesCommand({cluster: probeName, maxResults: 1})),
	'ecs:DescribeContainerInstances': port => port.clients.ecs.send(new DescribeContainerInstancesCommand({cluster: probeName, containerInstances: [probeName]})),
	'ecs:ListTaskDefinitionFamilies': port => port.clients.ecs.send(new ListTaskDefinitionFamiliesCommand({maxResults: 1})),
	'apprunner:ListServices': port => port.clients.appRunner.send(new ListAppRunnerServicesCommand({MaxResults: 1})),
	'apprunner:DescribeService': (port, account, region) =>
		port.clients.appRunner.send(new DescribeServiceCommand({ServiceArn: probeAppRunnerArn(account, region)})),
	'apprunner:ListOperations': (port, account, region) =>
		port.clients.appRunner.send(new ListOperationsCommand({ServiceArn: probeAppRunnerArn(account, region), MaxResults: 1})),
	'lambda:ListFunctions': port => port.clients.lambda.send(new ListFunctionsCommand({MaxItems: 1})),
	'lambda:GetFunction': port => port.clients.lambda.send(new GetFunctionCommand({FunctionName: probeName})),
	'logs:StartQuery': port =>
		port.clients.logs.send(new StartQueryCommand({logGroupName: `/${probeName}`, queryString: 'fields @message | limit 1', startTime: 0, endTime: 1})),
	'logs:GetQueryResults': port => port.clients.logs.send(new GetQueryResultsCommand({queryId: '00000000-0000-0000-0000-000000000000'})),
	'logs:StopQuery': port => port.clients.logs.send(new StopQueryCommand({queryId: '00000000-0000-0000-0000-000000000000'})),
	'logs:FilterLogEvents': port => port.clients.logs.send(new FilterLogEventsCommand({logGroupName: `/${probeName}`, limit: 1})),
	'ecr:BatchGetImage': port => port.clients.ecr.send(new BatchGetImageCommand({repositoryName: probeName, imageIds: [{imageTag: 'latest'}]})),
	'ecr:GetDownloadUrlForLayer': port =>
		port.clients.ecr.send(new GetDownloadUrlForLayerCommand({repositoryName: probeName, layerDigest: `sha256:${'0'.repeat(64)}`})),
	'ecr:DescribeImages': port => port.clients.ecr.send(new DescribeImagesCommand({repositoryName: probeName, maxResults: 1})),
	'ecr:DescribeRepositories': port => port.clients.ecr.send(new DescribeRepositoriesCommand({repositoryNames: [probeName]})),
	'ecr:PutImage': port => port.clients.ecr.send(new PutImageCommand({repositoryName: probeName, imageManifest: '{}', imageTag: probeName})),
	'ecr:BatchDeleteImage': port => port.clients.ecr.send(new BatchDeleteImageCommand({repositoryName: probeName, imageIds: [{imageTag: probeName}]})),
	'ecs:UpdateService': port => port.clients.ecs.send(new UpdateServiceCommand({cluster: probeName, service: probeName})),
	'ecs:DeregisterTaskDefinition': port => port.clients.ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: `${probeName}:1`})),
	'apprunner:StartDeployment': (port, account, region) =>
		port.clients.appRunner.send(new StartDeploymentCommand({ServiceArn: probeAppRunnerArn(account, region)})),
	'lambda:UpdateFunctionCode': port => port.clients.lambda.send(new UpdateFunctionCodeCommand({FunctionName: probeName, ImageUri: `${probeName}:latest`})),
};

async function probe(port: AwsAccountPort, action: string, account: string, region: string): Promise<ActionCheck> {
	const run = probes[action];
	if (!run) return {action, allowed: 'not-checked', detail: 'no call tests it without changing something'};
	try {
		await run(port, account, region);
		return {action, allowed: true};
	} catch (error) {
		const name = (error as {name?: string}).name ?? '';
		const message = error instanceof Error ? error.message : String(error);
		if (accessDenied.test(name) || accessDenied.test(message)) return {action, allowed: false, detail: name};
		return {action, allowed: true, detail: `answered ${name || 'an error'}, not AccessDenied`};
	}
}

export async function checkPermissions(port: AwsAccountPort, settings: AwsSettings, actions: readonly string[]): Promise<PermissionCheck> {
	const identity = await port.identity();
	const principal = identity.arn;
	const account = identity.account;
	const iam = new IAMClient(clientConfig(settings));
	try {
		const decisions = new Map<string, string>();
		for await (const page of paginateSimulatePrincipalPolicy({client: iam}, {PolicySourceArn: policySourceArn(principal), ActionNames: [...actions]})) {
			for (const result of page.EvaluationResults ?? []) if (result.EvalActionName) decisions.set(result.EvalActionName, result.EvalDecision ?? 'implicitDeny');
		}
		return {
			principal,
			method: 'simulate',
			actions: actions.map(action => {
				const decision = decisions.get(action) ?? 'implicitDeny';
				return {action, allowed: decision === 'allowed', ...(decision === 'allowed' ? {} : {detail: decision})};
			}),
		};
	} catch (error) {
		const name = (error as {name?: string}).name ?? 'error';
		const checks: ActionCheck[] = [];
		// Five at a time: the probes are many small calls.
		for (let index = 0; index < actions.length; index += 5)
			checks.push(...(await Promise.all(actions.slice(index, index + 5).map(action => probe(port, action, account, port.region)))));
		return {
			principal,
			method: 'probes',
			note: `iam:SimulatePrincipalPolicy was not possible (${name}); each action was probed with a call that changes nothing`,
			actions: checks,
		};
	} finally {
		iam.destroy();
	}
}
