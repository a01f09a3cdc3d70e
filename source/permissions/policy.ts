/**
 * The IAM actions execdoctor calls, each with the feature it serves: the least-privilege policy
 * `execdoctor permissions` prints, and what a missing action turns off. test/unit/permissions.test.ts
 * holds this table to the actions the AWS ports really call.
 */
/** What the identity may call: `allowed`, or not, or not checked (no harmless call tests it). */
export type ActionCheck = {readonly action: string; readonly allowed: boolean | 'not-checked'; readonly detail?: string};

export type PermissionCheck = {
	readonly principal: string;
	/** `simulate`: iam:SimulatePrincipalPolicy; `probes`: a call per action that changes nothing. */
	readonly method: 'simulate' | 'probes';
	readonly note?: string;
	readonly actions: readonly ActionCheck[];
};

export type PermissionScope = 'scan' | 'spread' | 'fix' | 'self';

export type Permission = {
	readonly action: string;
	readonly scope: PermissionScope;
	/** What goes without it. */
	readonly without: string;
};

export const permissions: readonly Permission[] = [
	{action: 'ecs:ListClusters', scope: 'scan', without: 'ECS is skipped unless you name --cluster'},
	{action: 'ecs:DescribeClusters', scope: 'scan', without: 'a named cluster cannot be checked to exist'},
	{action: 'ecs:ListServices', scope: 'scan', without: "a cluster's services are not read"},
	{action: 'ecs:DescribeServices', scope: 'scan', without: 'services, their deployments and events are not read: no ECS service findings'},
	{action: 'ecs:ListTasks', scope: 'scan', without: 'stopped tasks are not found: fewer findings, no stopped-task evidence'},
	{action: 'ecs:DescribeTasks', scope: 'scan', without: 'stopped tasks are not read: no digest the task ran, no stop reasons'},
	{action: 'ecs:DescribeTaskDefinition', scope: 'scan', without: 'the runtime platform and the images of a task are unknown: verdict unknown'},
	{action: 'ecs:ListContainerInstances', scope: 'scan', without: 'on EC2 without runtimePlatform, the runtime platform may be unknown'},
	{action: 'ecs:DescribeContainerInstances', scope: 'scan', without: 'on EC2 without runtimePlatform, the runtime platform may be unknown'},
	{
		action: 'ecs:ListTaskDefinitionFamilies',
		scope: 'scan',
		without: 'a log line of a task that is gone and that no service logs like is not traced to what it ran',
	},
	{action: 'apprunner:ListServices', scope: 'scan', without: 'App Runner is skipped'},
	{action: 'apprunner:DescribeService', scope: 'scan', without: "App Runner services' images are not read"},
	{action: 'apprunner:ListOperations', scope: 'scan', without: "App Runner deployments' outcomes are not read"},
	{action: 'lambda:ListFunctions', scope: 'scan', without: 'Lambda is skipped'},
	{action: 'lambda:GetFunction', scope: 'scan', without: "Lambda functions' images and architectures are not read"},
	{action: 'logs:StartQuery', scope: 'scan', without: 'Logs Insights cannot be used: each log group is searched with FilterLogEvents, slower'},
	{action: 'logs:GetQueryResults', scope: 'scan', without: 'Logs Insights cannot be used: each log group is searched with FilterLogEvents, slower'},
	{action: 'logs:StopQuery', scope: 'scan', without: 'a Logs Insights query past its deadline keeps running until it ends by itself'},
	{action: 'logs:FilterLogEvents', scope: 'scan', without: 'without Insights, no log lines; a fix cannot check for new exec format error lines'},
	{action: 'ecr:BatchGetImage', scope: 'scan', without: "images' platforms cannot be read: verdict unknown"},
	{action: 'ecr:GetDownloadUrlForLayer', scope: 'scan', without: 'single-platform images (their config blob) and the bytes of a failing file cannot be read'},
	{action: 'ecr:DescribeImages', scope: 'scan', without: 'whether a tag was pushed after the failure cannot be read'},
	{action: 'account:ListRegions', scope: 'spread', without: '--all-regions does not work'},
	{action: 'sts:AssumeRole', scope: 'spread', without: '--accounts and --monitoring-account cannot enter the other accounts'},
	{action: 'ecr:GetAuthorizationToken', scope: 'fix', without: 'repush, copy-index and rebuild cannot log docker in to ECR'},
	{action: 'ecr:DescribeRepositories', scope: 'fix', without: "a fix cannot read whether the repository's tags are immutable"},
	{action: 'ecr:BatchCheckLayerAvailability', scope: 'fix', without: 'docker push to ECR fails (repush, copy-index, rebuild)'},
	{action: 'ecr:InitiateLayerUpload', scope: 'fix', without: 'docker push to ECR fails (repush, copy-index, rebuild)'},
	{action: 'ecr:UploadLayerPart', scope: 'fix', without: 'docker push to ECR fails (repush, copy-index, rebuild)'},
	{action: 'ecr:CompleteLayerUpload', scope: 'fix', without: 'docker push to ECR fails (repush, copy-index, rebuild)'},
	{action: 'ecr:PutImage', scope: 'fix', without: 'docker push fails, and undo cannot put a tag back'},
	{action: 'ecr:BatchDeleteImage', scope: 'fix', without: 'undo cannot remove a tag a fix added'},
	{action: 'ecs:RegisterTaskDefinition', scope: 'fix', without: 'patch-task-definition and fixes to a new tag cannot register a revision'},
	{action: 'ecs:DeregisterTaskDefinition', scope: 'fix', without: 'undo cannot deregister a revision a fix registered'},
	{action: 'ecs:UpdateService', scope: 'fix', without: 'no ECS fix can deploy'},
	{action: 'iam:PassRole', scope: 'fix', without: "a new revision or App Runner image cannot keep the task's or service's roles"},
	{action: 'apprunner:StartDeployment', scope: 'fix', without: 'a running App Runner service cannot be redeployed'},
	{action: 'apprunner:UpdateService', scope: 'fix', without: 'a CREATE_FAILED App Runner service, or a new tag, cannot be deployed'},
	{action: 'lambda:UpdateFunctionCode', scope: 'fix', without: "no Lambda fix can change the function's image or architecture"},
	{action: 'logs:StartLiveTail', scope: 'fix', without: "the new tasks' log lines are polled with FilterLogEvents instead of streamed"},
	{
		action: 'iam:SimulatePrincipalPolicy',
		scope: 'self',
		without: 'execdoctor permissions checks with safe probes instead, and cannot check the actions that have none',
	},
];

/** Called, and needing no permission: every identity may ask who it is. */
export const freeActions: readonly string[] = ['sts:GetCallerIdentity'];

/** Called by docker (push) or implied by another call (PassRole), not by execdoctor's SDK clients. */
export const impliedActions: readonly string[] = [
	'ecr:BatchCheckLayerAvailability',
	'ecr:InitiateLayerUpload',
	'ecr:UploadLayerPart',
	'ecr:CompleteLayerUpload',
	'iam:PassRole',
];

export function actionsFor(withFixes: boolean): Permission[] {
	return permissions.filter(permission => permission.scope !== 'fix' || withFixes);
}

/** The least-privilege policy document: one statement per scope. */
export function policyDocument(withFixes: boolean): Record<string, unknown> {
	const statement = (sid: string, scope: PermissionScope) => ({
		Sid: sid,
		Effect: 'Allow',
		Action: permissions.filter(permission => permission.scope === scope && permission.action !== 'iam:PassRole').map(permission => permission.action),
		Resource: '*',
	});
	return {
		Version: '2012-10-17',
		Statement: [
			statement('ExecdoctorScan', 'scan'),
			statement('ExecdoctorSeveralRegionsAndAccounts', 'spread'),
			statement('ExecdoctorCheckItsOwnPermissions', 'self'),
			...(withFixes
				? [
						statement('ExecdoctorFix', 'fix'),
						{
							Sid: 'ExecdoctorFixPassTheWorkloadsRoles',
							Effect: 'Allow',
							Action: 'iam:PassRole',
							Resource: '*',
							Condition: {StringEquals: {'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'build.apprunner.amazonaws.com']}},
						},
					]
				: []),
		],
	};
}
