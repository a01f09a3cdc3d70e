import {AppRunnerClient, ListOperationsCommand, ListServicesCommand as ListAppRunnerServicesCommand} from '@aws-sdk/client-apprunner';
import {CloudWatchLogsClient, FilterLogEventsCommand, GetQueryResultsCommand, StartLiveTailCommand, StartQueryCommand} from '@aws-sdk/client-cloudwatch-logs';
import {BatchGetImageCommand, ECRClient, GetDownloadUrlForLayerCommand} from '@aws-sdk/client-ecr';
import {
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	DescribeTasksCommand,
	ECSClient,
	ListClustersCommand,
	ListTasksCommand,
	paginateListClusters,
} from '@aws-sdk/client-ecs';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {describe, expect, it} from 'vitest';
import {acceptedManifestMediaTypes} from '../../source/registry/media-types.js';
import {buildScenario} from '../../source/simulator/scenarios.js';
import {createAccountPort} from '../../source/aws/account-port.js';
import {simulate} from '../helpers/simulated-aws.js';

const config = () => ({maxAttempts: 1});

describe('the simulator speaks the wire protocols the SDK uses', () => {
	it('answers STS in query/XML', async () => {
		await simulate('empty');
		const identity = await new STSClient(config()).send(new GetCallerIdentityCommand({}));
		expect(identity).toMatchObject({Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/on-call'});
	});

	it('hands out small pages, and the SDK paginator follows every nextToken', async () => {
		await simulate('demo', {pageSize: 2});
		const ecs = new ECSClient(config());
		const first = await ecs.send(new ListClustersCommand({}));
		expect(first.clusterArns).toHaveLength(2);
		expect(first.nextToken).toEqual(expect.any(String));
		const all: string[] = [];
		for await (const page of paginateListClusters({client: ecs}, {})) all.push(...(page.clusterArns ?? []));
		expect(all).toHaveLength(8);
	});

	it('returns empty FilterLogEvents pages that still carry a nextToken', async () => {
		const account = buildScenario('seed-fargate');
		await simulate(account);
		const logs = new CloudWatchLogsClient(config());
		let token: string | undefined;
		let emptyWithToken = 0;
		let events = 0;
		do {
			const page = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/grafana', filterPattern: '"no such text anywhere"', nextToken: token}));
			if ((page.events ?? []).length === 0 && page.nextToken) emptyWithToken++;
			events += page.events?.length ?? 0;
			token = page.nextToken;
		} while (token);
		expect(events).toBe(0);
		expect(emptyWithToken).toBeGreaterThan(1);
	});

	it('gives timestamps the SDK turns into Dates, and rejects more than 10 services', async () => {
		await simulate('seed-fargate');
		const ecs = new ECSClient(config());
		const cluster = 'observability';
		const {services} = await ecs.send(new DescribeServicesCommand({cluster, services: ['grafana']}));
		expect(services?.[0]?.createdAt).toBeInstanceOf(Date);
		expect(services?.[0]?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS');
		await expect(ecs.send(new DescribeServicesCommand({cluster, services: Array.from({length: 11}, (_, index) => `s${index}`)}))).rejects.toMatchObject({
			name: 'InvalidParameterException',
		});
		await expect(ecs.send(new DescribeServicesCommand({cluster: 'nope', services: ['grafana']}))).rejects.toMatchObject({name: 'ClusterNotFoundException'});
		const {taskArns} = await ecs.send(new ListTasksCommand({cluster, desiredStatus: 'STOPPED'}));
		const {tasks} = await ecs.send(new DescribeTasksCommand({cluster, tasks: taskArns!.slice(0, 1)}));
		expect(tasks?.[0]).toMatchObject({
			lastStatus: 'STOPPED',
			stopCode: 'EssentialContainerExited',
			attributes: [{name: 'ecs.cpu-architecture', value: 'x86_64'}],
		});
		expect(tasks?.[0]?.stoppedAt).toBeInstanceOf(Date);
	});

	it('keeps stopped tasks visible for about an hour only', async () => {
		const account = buildScenario('seed-fargate');
		await simulate(account);
		const ecs = new ECSClient(config());
		const {taskArns} = await ecs.send(new ListTasksCommand({cluster: 'observability', desiredStatus: 'STOPPED'}));
		const all = [...account.clusters.get('observability')!.tasks.values()];
		expect(all.length).toBeGreaterThan(taskArns!.length);
		const gone = all.find(task => Date.now() - task.stoppedAt! > 2 * 3_600_000)!;
		const described = await ecs.send(new DescribeTasksCommand({cluster: 'observability', tasks: [gone.arn]}));
		expect(described.failures).toEqual([{arn: gone.arn, reason: 'MISSING'}]);
	});

	it('returns task definitions with the read-only fields and tags only on request', async () => {
		await simulate('seed-fargate');
		const ecs = new ECSClient(config());
		const plain = await ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'grafana:1'}));
		expect(plain.taskDefinition).toMatchObject({revision: 1, status: 'ACTIVE', compatibilities: ['EC2', 'FARGATE']});
		expect(plain.taskDefinition?.registeredAt).toBeInstanceOf(Date);
		expect(plain.tags).toBeUndefined();
		const tagged = await ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'grafana', include: ['TAGS']}));
		expect(tagged.tags).toEqual([{key: 'team', value: 'grafana'}]);
	});

	it('runs Logs Insights queries asynchronously', async () => {
		await simulate('seed-fargate');
		const logs = new CloudWatchLogsClient(config());
		const now = Math.floor(Date.now() / 1000);
		const {queryId} = await logs.send(
			new StartQueryCommand({
				logGroupNames: ['/ecs/grafana'],
				queryString: 'fields @message | filter @message like /exec format error/',
				startTime: now - 86_400,
				endTime: now,
			}),
		);
		const early = await logs.send(new GetQueryResultsCommand({queryId}));
		expect(early.status).not.toBe('Complete');
		await new Promise(resolve => setTimeout(resolve, 450));
		const done = await logs.send(new GetQueryResultsCommand({queryId}));
		expect(done.status).toBe('Complete');
		expect(done.results?.length).toBeGreaterThan(0);
		await expect(
			logs.send(new StartQueryCommand({logGroupNames: ['/nope'], queryString: 'fields @message', startTime: now - 60, endTime: now})),
		).rejects.toMatchObject({name: 'ResourceNotFoundException'});
		await expect(
			logs.send(new StartQueryCommand({logGroupNames: ['/ecs/grafana'], queryString: 'fields @message | stats count(*)', startTime: now - 60, endTime: now})),
		).rejects.toMatchObject({name: 'MalformedQueryException'});
	});

	it('pages the results of a complete query, and the account port follows every nextToken', async () => {
		const account = buildScenario('empty');
		const now = Date.now();
		account.createLogGroup('/ecs/busy', now - 3_600_000);
		for (let index = 0; index < 45; index++)
			account.putLogEvent('/ecs/busy', `ecs/app/${index.toString(16).padStart(32, '0')}`, now - 60_000 - index * 1000, 'exec /app: exec format error');
		await simulate(account);
		const logs = new CloudWatchLogsClient(config());
		const {queryId} = await logs.send(
			new StartQueryCommand({
				logGroupNames: ['/ecs/busy'],
				queryString: 'fields @message | filter @message like /exec format error/',
				startTime: Math.floor(now / 1000) - 3600,
				endTime: Math.ceil(now / 1000),
			}),
		);
		await new Promise(resolve => setTimeout(resolve, 450));
		const first = await logs.send(new GetQueryResultsCommand({queryId}));
		expect(first.status).toBe('Complete');
		expect(first.results).toHaveLength(20);
		expect(first.nextToken).toBeDefined();
		const port = await createAccountPort({});
		const hits = await port.queryLogs({
			logGroupNames: ['/ecs/busy'],
			queryString: 'fields @timestamp, @log, @logStream, @message | filter @message like /exec format error/',
			start: new Date(now - 3_600_000),
			end: new Date(),
			limit: 1000,
		});
		port.close();
		expect(hits).toHaveLength(45);
		expect(new Set(hits.map(hit => hit.logStream)).size).toBe(45);
	});

	it('serves manifests and pre-signed blob URLs from ECR', async () => {
		const account = buildScenario('seed-fargate');
		await simulate(account);
		const ecr = new ECRClient(config());
		const {images} = await ecr.send(
			new BatchGetImageCommand({repositoryName: 'grafana/grafana', imageIds: [{imageTag: 'latest'}], acceptedMediaTypes: [...acceptedManifestMediaTypes]}),
		);
		const manifest = JSON.parse(images![0]!.imageManifest!) as {config: {digest: string}};
		const {downloadUrl} = await ecr.send(new GetDownloadUrlForLayerCommand({repositoryName: 'grafana/grafana', layerDigest: manifest.config.digest}));
		const response = await fetch(downloadUrl!);
		expect(await response.json()).toMatchObject({architecture: 'arm64', os: 'linux'});
		const missing = await ecr.send(new BatchGetImageCommand({repositoryName: 'grafana/grafana', imageIds: [{imageTag: 'nope'}]}));
		expect(missing.failures).toEqual([{imageId: {imageTag: 'nope'}, failureCode: 'ImageNotFound', failureReason: 'Requested image not found'}]);
	});

	it('converts a Docker v2 manifest to OCI when pulled by tag with only OCI accepted, never by digest', async () => {
		const account = buildScenario('seed-fargate');
		await simulate(account);
		const ecr = new ECRClient(config());
		const byTag = await ecr.send(
			new BatchGetImageCommand({
				repositoryName: 'grafana/grafana',
				imageIds: [{imageTag: 'latest'}],
				acceptedMediaTypes: ['application/vnd.oci.image.manifest.v1+json'],
			}),
		);
		expect(byTag.images?.[0]?.imageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json');
		const digest = account.repositories.get('grafana/grafana')!.tags.get('latest')!;
		const byDigest = await ecr.send(
			new BatchGetImageCommand({
				repositoryName: 'grafana/grafana',
				imageIds: [{imageDigest: digest}],
				acceptedMediaTypes: ['application/vnd.oci.image.manifest.v1+json'],
			}),
		);
		expect(byDigest.failures?.[0]?.failureCode).toBe('ImageNotFound');
	});

	it('answers App Runner in JSON 1.0', async () => {
		await simulate('seed-apprunner');
		const client = new AppRunnerClient(config());
		const {ServiceSummaryList} = await client.send(new ListAppRunnerServicesCommand({}));
		expect(ServiceSummaryList?.[0]).toMatchObject({ServiceName: 'grafana', Status: 'CREATE_FAILED'});
		const {OperationSummaryList} = await client.send(new ListOperationsCommand({ServiceArn: ServiceSummaryList![0]!.ServiceArn!}));
		expect(OperationSummaryList?.[0]).toMatchObject({Type: 'CREATE_SERVICE', Status: 'FAILED'});
		expect(OperationSummaryList?.[0]?.EndedAt).toBeInstanceOf(Date);
	});

	it('denies, throttles and expires like AWS, with the error names the SDK knows', async () => {
		const simulator = await simulate('empty', {faults: {deny: ['ecs:ListClusters'], throttle: {'logs:DescribeLogGroups': 1}}});
		await expect(new ECSClient(config()).send(new ListClustersCommand({}))).rejects.toMatchObject({
			name: 'AccessDeniedException',
			message: expect.stringContaining('ecs:ListClusters'),
		});
		const logs = new CloudWatchLogsClient(config());
		const {DescribeLogGroupsCommand} = await import('@aws-sdk/client-cloudwatch-logs');
		await logs.send(new DescribeLogGroupsCommand({}));
		await expect(logs.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({name: 'ThrottlingException'});
		simulator.faults.credentials = 'expired';
		await expect(new STSClient(config()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({name: 'ExpiredToken'});
	});

	it('shows every other region of the account as empty', async () => {
		await simulate('demo');
		const clusters = await new ECSClient({...config(), region: 'eu-west-1'}).send(new ListClustersCommand({}));
		expect(clusters.clusterArns).toEqual([]);
	});
});

describe('Live Tail', () => {
	const arn = 'arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/grafana';

	it('streams a session start, then the events logged after it, through the account port as through the SDK', async () => {
		const simulator = await simulate('seed-fargate');
		const port = await createAccountPort({});
		const abort = new AbortController();
		const batches = await port.tailLogs({logGroupArns: [arn], logStreamNamePrefixes: ['ecs/grafana/'], signal: abort.signal});
		const later = simulator.account.now() + 1;
		simulator.account.putLogEvent('/ecs/grafana', 'ecs/grafana/abc', later, 'exec /run.sh: exec format error');
		simulator.account.putLogEvent('/ecs/grafana', 'other/grafana/abc', later, 'not under the prefix');
		simulator.account.advance(later + 1);
		// The scenario's older lines in the group are not sent: Live Tail only sees new events.
		for await (const batch of batches) {
			expect(batch).toEqual([{logGroup: '/ecs/grafana', logStream: 'ecs/grafana/abc', timestamp: later, message: 'exec /run.sh: exec format error'}]);
			abort.abort();
		}
		port.close();
	});

	it('refuses names, ARNs with the trailing :*, more than 10 groups, and stream filters on several groups', async () => {
		await simulate('seed-fargate');
		const logs = new CloudWatchLogsClient(config());
		// The endpoint as given: the SDK would prefix its host with stream-.
		const asGiven = new CloudWatchLogsClient({...config(), disableHostPrefix: true});
		const refusal = (input: ConstructorParameters<typeof StartLiveTailCommand>[0]) =>
			asGiven.send(new StartLiveTailCommand(input)).then(
				() => 'accepted',
				(error: Error) => `${error.name}: ${error.message}`,
			);
		expect(await refusal({logGroupIdentifiers: ['/ecs/grafana']})).toMatch(/^InvalidParameterException: \/ecs\/grafana is not a log group ARN/);
		expect(await refusal({logGroupIdentifiers: [`${arn}:*`]})).toMatch(/^InvalidParameterException: .* without the trailing :\*/);
		expect(await refusal({logGroupIdentifiers: Array.from({length: 11}, () => arn)})).toMatch(
			/^InvalidParameterException: logGroupIdentifiers must hold between 1 and 10/,
		);
		expect(await refusal({logGroupIdentifiers: [arn, `${arn}-2`], logStreamNamePrefixes: ['ecs/']})).toMatch(/^InvalidParameterException: .*single log group/);
		expect(await refusal({logGroupIdentifiers: [`${arn}-missing`]})).toMatch(/^ResourceNotFoundException/);
		// Without disableHostPrefix, the SDK sends it to stream-127.0.0.1, which is no host.
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: [arn]}))).rejects.toThrow(/ENOTFOUND stream-127\.0\.0\.1/);
	});
});

describe('the simulator refuses what AWS refuses', () => {
	it('rejects read-only fields in RegisterTaskDefinition sent on the wire', async () => {
		// The SDK drops members its model does not know, so this is sent by hand, as `aws ecs
		// register-task-definition --cli-input-json` with a describe output would send it.
		const simulator = await simulate('seed-fargate');
		const body = JSON.stringify({
			family: 'grafana',
			taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/grafana:1',
			containerDefinitions: [{name: 'a', image: 'b'}],
		});
		const response = await fetch(simulator.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-amz-json-1.1',
				'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition',
				authorization: 'AWS4-HMAC-SHA256 Credential=AKIATESTTESTTESTTEST/20261124/ap-northeast-1/ecs/aws4_request, SignedHeaders=host, Signature=0',
			},
			body,
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({
			__type: 'ClientException',
			message: expect.stringContaining('Unknown parameter in input: "taskDefinitionArn"'),
		});
	});

	const fargate = {family: 'grafana', requiresCompatibilities: ['FARGATE' as const], networkMode: 'awsvpc' as const, cpu: '512', memory: '1024'};
	const grafanaContainer = {name: 'grafana', image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest'};
	it.each([
		[
			'Fargate without task cpu',
			{...fargate, cpu: undefined, containerDefinitions: [grafanaContainer]},
			"Fargate requires that 'cpu' be defined at the task level.",
		],
		[
			'Fargate without task memory',
			{...fargate, memory: undefined, containerDefinitions: [grafanaContainer]},
			"Fargate requires that 'memory' be defined at the task level.",
		],
		[
			'a cpu and memory pair Fargate does not offer',
			{...fargate, cpu: '512', memory: '512', containerDefinitions: [grafanaContainer]},
			'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.',
		],
		[
			'a pair given in vCPU and GB that Fargate does not offer',
			{...fargate, cpu: '1 vCPU', memory: '1 GB', containerDefinitions: [grafanaContainer]},
			'No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation for the valid values.',
		],
		['a container without an image', {...fargate, containerDefinitions: [{name: 'grafana'}]}, 'Container.image should not be null or empty.'],
		[
			'no essential container',
			{...fargate, containerDefinitions: [{...grafanaContainer, essential: false}]},
			'Task definition does not have any essential container.',
		],
		['no container at all', {...fargate, containerDefinitions: []}, 'Container list cannot be empty.'],
	])('refuses RegisterTaskDefinition with %s', async (_name, input, message) => {
		await simulate('seed-fargate');
		const {RegisterTaskDefinitionCommand} = await import('@aws-sdk/client-ecs');
		const client = new ECSClient(config());
		await expect(client.send(new RegisterTaskDefinitionCommand(input as never))).rejects.toMatchObject({name: 'ClientException', message});
	});

	it('registers a Fargate revision with a size Fargate offers, in units or in vCPU and GB', async () => {
		await simulate('seed-fargate');
		const {RegisterTaskDefinitionCommand} = await import('@aws-sdk/client-ecs');
		const client = new ECSClient(config());
		for (const size of [
			{cpu: '256', memory: '2048'},
			{cpu: '0.5 vCPU', memory: '4 GB'},
			{cpu: '16384', memory: '122880'},
		]) {
			const {taskDefinition} = await client.send(new RegisterTaskDefinitionCommand({...fargate, ...size, containerDefinitions: [grafanaContainer]}));
			expect(taskDefinition).toMatchObject(size);
		}
	});

	it('refuses to move a Fargate service to a task definition only EC2 can run', async () => {
		await simulate('seed-fargate');
		const {RegisterTaskDefinitionCommand, UpdateServiceCommand} = await import('@aws-sdk/client-ecs');
		const client = new ECSClient(config());
		const {taskDefinition} = await client.send(
			new RegisterTaskDefinitionCommand({family: 'grafana', containerDefinitions: [{...grafanaContainer, memory: 512}], requiresCompatibilities: ['EC2']}),
		);
		await expect(
			client.send(new UpdateServiceCommand({cluster: 'observability', service: 'grafana', taskDefinition: taskDefinition!.taskDefinitionArn})),
		).rejects.toMatchObject({name: 'InvalidParameterException', message: 'Task definition does not support launch_type FARGATE.'});
	});

	it('runs a task with RunTask, and refuses an awsvpc one without a network configuration', async () => {
		await simulate('seed-fargate');
		const {RunTaskCommand} = await import('@aws-sdk/client-ecs');
		const client = new ECSClient(config());
		await expect(client.send(new RunTaskCommand({cluster: 'observability', taskDefinition: 'grafana'}))).rejects.toMatchObject({
			name: 'InvalidParameterException',
			message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
		});
		const {tasks, failures} = await client.send(
			new RunTaskCommand({
				cluster: 'observability',
				taskDefinition: 'grafana',
				launchType: 'FARGATE',
				networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-0123456789abcdef0']}},
			}),
		);
		expect(failures).toEqual([]);
		expect(tasks).toHaveLength(1);
		expect(tasks![0]).toMatchObject({group: 'family:grafana', taskDefinitionArn: expect.stringMatching(/task-definition\/grafana:1$/)});
		const listed = await client.send(new ListTasksCommand({cluster: 'observability', family: 'grafana'}));
		expect(listed.taskArns).toContain(tasks![0]!.taskArn);
	});

	it('refuses UpdateService deployments of a service CodeDeploy deploys', async () => {
		const account = buildScenario('seed-fargate');
		account.clusters.get('observability')!.services.get('grafana')!.deploymentController = 'CODE_DEPLOY';
		await simulate(account);
		const {UpdateServiceCommand} = await import('@aws-sdk/client-ecs');
		const client = new ECSClient(config());
		await expect(client.send(new UpdateServiceCommand({cluster: 'observability', service: 'grafana', forceNewDeployment: true}))).rejects.toMatchObject({
			name: 'InvalidParameterException',
			message: expect.stringContaining('CODE_DEPLOY deployment controller'),
		});
		const {services} = await client.send(new DescribeServicesCommand({cluster: 'observability', services: ['grafana']}));
		expect(services![0]!.deploymentController).toEqual({type: 'CODE_DEPLOY'});
	});

	it('refuses a deployment of a CREATE_FAILED App Runner service', async () => {
		await simulate('seed-apprunner');
		const {StartDeploymentCommand} = await import('@aws-sdk/client-apprunner');
		const client = new AppRunnerClient(config());
		const {ServiceSummaryList} = await client.send(new ListAppRunnerServicesCommand({}));
		await expect(client.send(new StartDeploymentCommand({ServiceArn: ServiceSummaryList![0]!.ServiceArn!}))).rejects.toMatchObject({
			name: 'InvalidRequestException',
		});
	});
});

describe('the simulator speaks Lambda’s REST JSON', () => {
	it('lists image functions page by page, says what each runs, and fails an update to an index as Lambda does', async () => {
		const simulator = await simulate('lambda', {pageSize: 1});
		const {LambdaClient, GetFunctionCommand, UpdateFunctionCodeCommand, paginateListFunctions} = await import('@aws-sdk/client-lambda');
		const client = new LambdaClient(config());
		const names: string[] = [];
		for await (const page of paginateListFunctions({client}, {})) names.push(...(page.Functions ?? []).map(item => item.FunctionName!));
		expect(names).toEqual(['image-resizer', 'invoice-pdf', 'report-export', 'thumbnailer']);
		const zip = await client.send(new GetFunctionCommand({FunctionName: 'thumbnailer'}));
		expect([zip.Configuration?.PackageType, zip.Configuration?.Runtime, zip.Code?.RepositoryType, zip.Code?.ImageUri]).toEqual([
			'Zip',
			'python3.12',
			'S3',
			undefined,
		]);
		await expect(client.send(new UpdateFunctionCodeCommand({FunctionName: 'thumbnailer', ImageUri: 'x'}))).rejects.toMatchObject({
			name: 'InvalidParameterValueException',
		});
		const resizer = await client.send(new GetFunctionCommand({FunctionName: 'image-resizer'}));
		expect(resizer.Configuration).toMatchObject({PackageType: 'Image', Architectures: ['x86_64'], State: 'Active', LastUpdateStatus: 'Successful'});
		expect(resizer.Code?.ResolvedImageUri).toMatch(/\/media\/image-resizer@sha256:[0-9a-f]{64}$/);
		const exporter = await client.send(new GetFunctionCommand({FunctionName: 'report-export'}));
		expect(exporter.Configuration).toMatchObject({LastUpdateStatus: 'Failed', LastUpdateStatusReasonCode: 'InvalidImage'});
		expect(exporter.Configuration?.LastUpdateStatusReason).toMatch(
			/^The image manifest, config or layer media type for the source image \S+\/finance\/report-export:1\.9 is not supported\.$/,
		);
		await expect(client.send(new GetFunctionCommand({FunctionName: 'nope'}))).rejects.toMatchObject({name: 'ResourceNotFoundException'});
		const updated = await client.send(
			new UpdateFunctionCodeCommand({FunctionName: 'image-resizer', ImageUri: resizer.Code!.ImageUri!, Architectures: ['arm64']}),
		);
		expect(updated.LastUpdateStatus).toBe('InProgress');
		await expect(client.send(new UpdateFunctionCodeCommand({FunctionName: 'image-resizer', ImageUri: resizer.Code!.ImageUri!}))).rejects.toMatchObject({
			name: 'ResourceConflictException',
		});
		expect(simulator.calls.filter(call => call.action.startsWith('lambda:')).map(call => call.action)).toContain('lambda:UpdateFunctionCode');
	});

	it('writes what Lambda writes when an image function cannot start', async () => {
		const simulator = await simulate('lambda');
		const group = simulator.account.logGroups.get('/aws/lambda/image-resizer')!;
		const lines = [...group.streams.values()].flatMap(stream => stream.events.map(event => event.message));
		expect(lines).toContain('Runtime.InvalidEntrypoint');
		expect(lines.some(line => /^RequestId: \S+ Error: fork\/exec \/lambda-entrypoint\.sh: exec format error$/.test(line))).toBe(true);
		const exports = [...simulator.account.logGroups.get('/aws/lambda/report-export')!.streams.values()].flatMap(stream =>
			stream.events.map(event => event.message),
		);
		expect(exports.some(line => line.includes('exec format error'))).toBe(false);
	});
});
