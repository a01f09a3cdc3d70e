/**
 * Scenario accounts. Each scenario only sets things up the way a person would (push an
 * image, register a task definition, create a service some time ago); the engines then
 * play the history forward, so every stopped task and log line follows AWS's rules.
 */
import {baseLayer, buildImage, buildIndex, elfHeaderFor, type BuiltImage} from '../registry/image-builder.js';
import {makePlatform} from '../registry/platform.js';
import {SimAccount, type SimAccountOptions} from './account.js';
import {installAppRunnerEngine} from './apprunner-engine.js';
import {createDeployment, installEcsEngine} from './ecs-engine.js';
import {createLambdaFunction, createZipFunction, installLambdaEngine, updateLambdaCode} from './lambda-engine.js';
import type {SimContainerDefinition, SimTaskDefinition} from './model.js';
import {publishUpstream} from './registries.js';
import type {ScenarioName} from './scenario-names.js';
import {addContainerInstance, createAppRunnerService, createCluster, createService, registerTaskDefinition, runStandaloneTask} from './resources.js';

const minute = 60_000;
const hour = 60 * minute;
const amd64 = makePlatform('linux', 'amd64');
const arm64 = makePlatform('linux', 'arm64', 'v8');

export function newAccount(options: SimAccountOptions = {}): SimAccount {
	const account = new SimAccount(options);
	installEcsEngine(account);
	installAppRunnerEngine(account);
	installLambdaEngine(account);
	return account;
}

function container(account: SimAccount, name: string, repository: string, tag: string, logGroup: string, port = 8080): SimContainerDefinition {
	return {
		name,
		image: `${account.registryHost}/${repository}:${tag}`,
		essential: true,
		portMappings: [{containerPort: port, protocol: 'tcp'}],
		logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': logGroup, 'awslogs-region': account.region, 'awslogs-stream-prefix': 'ecs'}},
	};
}

function fargateTaskDefinition(account: SimAccount, family: string, containers: SimContainerDefinition[], cpuArchitecture?: 'X86_64' | 'ARM64', at?: number) {
	return registerTaskDefinition(
		account,
		{
			family,
			containerDefinitions: containers,
			requiresCompatibilities: ['FARGATE'],
			networkMode: 'awsvpc',
			cpu: '512',
			memory: '1024',
			executionRoleArn: `arn:aws:iam::${account.accountId}:role/ecsTaskExecutionRole`,
			...(cpuArchitecture ? {runtimePlatform: {cpuArchitecture, operatingSystemFamily: 'LINUX'}} : {}),
			tags: [{key: 'team', value: family}],
		},
		at,
	);
}

/**
 * Docker Hub's grafana/grafana:latest, a multi-platform list. Pulled on an Apple Silicon Mac it
 * gives the arm64 entry, which is what went to ECR.
 */
function grafanaUpstream(account: SimAccount): BuiltImage {
	const index = buildIndex({
		images: [
			buildImage({platform: amd64, format: 'docker', payload: '#!/bin/sh\nexec grafana server\n'}),
			buildImage({platform: arm64, format: 'docker', payload: '#!/bin/sh\nexec grafana server\n'}),
		],
		format: 'docker',
	});
	publishUpstream(account, 'grafana/grafana:latest', index);
	return index;
}

/** The seed story on ECS Fargate: an arm64-only Grafana pushed from a Mac, run on x86_64. */
export function addSeedFargate(account: SimAccount, now: number): void {
	account.createRepository('grafana/grafana', {createdAt: now - 4 * hour});
	account.pushImage('grafana/grafana', grafanaUpstream(account).children[1]!, 'latest', now - 3.5 * hour);
	account.createLogGroup('/ecs/grafana', now - 4 * hour);
	const cluster = createCluster(account, 'observability');
	fargateTaskDefinition(account, 'grafana', [container(account, 'grafana', 'grafana/grafana', 'latest', '/ecs/grafana', 3000)], undefined, now - 3.2 * hour);
	createService(account, {cluster, name: 'grafana', taskDefinition: 'grafana', createdAt: now - 3 * hour});
}

/** The seed story on App Runner: the same image, and App Runner only runs x86_64. */
export function addSeedAppRunner(account: SimAccount, now: number): void {
	if (!account.repositories.has('grafana/grafana')) {
		account.createRepository('grafana/grafana', {createdAt: now - 4 * hour});
		account.pushImage('grafana/grafana', grafanaUpstream(account).children[1]!, 'latest', now - 3.5 * hour);
	}
	createAppRunnerService(account, {
		name: 'grafana',
		imageIdentifier: `${account.registryHost}/grafana/grafana:latest`,
		port: '3000',
		environmentVariables: {GF_SERVER_ROOT_URL: 'https://grafana.example.com', GF_SECURITY_ADMIN_USER: 'admin'},
		environmentSecrets: {GF_SECURITY_ADMIN_PASSWORD: `arn:aws:secretsmanager:${account.region}:${account.accountId}:secret:grafana-admin-password-Xk2p9Q`},
		createdAt: now - 50 * minute,
	});
}

/** A healthy service running a buildx multi-platform index with attestations, on x86_64 and on Graviton. */
export function addHealthyMultiArch(account: SimAccount, now: number): void {
	account.createRepository('platform/api', {createdAt: now - 30 * 24 * hour, mutability: 'IMMUTABLE'});
	const index = buildIndex({images: [buildImage({platform: amd64, format: 'oci'}), buildImage({platform: arm64, format: 'oci'})], attestations: true});
	account.pushImage('platform/api', index, 'v42', now - 5 * hour);
	account.createLogGroup('/ecs/api', now - 30 * 24 * hour);
	const cluster = createCluster(account, 'payments');
	fargateTaskDefinition(account, 'api', [container(account, 'api', 'platform/api', 'v42', '/ecs/api')], undefined, now - 5 * hour);
	fargateTaskDefinition(account, 'api-graviton', [container(account, 'api', 'platform/api', 'v42', '/ecs/api')], 'ARM64', now - 5 * hour);
	createService(account, {
		cluster,
		name: 'api',
		taskDefinition: 'api',
		desiredCount: 2,
		createdAt: now - 4 * hour,
		circuitBreaker: {enable: true, rollback: true},
	});
	createService(account, {
		cluster,
		name: 'api-graviton',
		taskDefinition: 'api-graviton',
		desiredCount: 1,
		createdAt: now - 4 * hour,
		circuitBreaker: {enable: true, rollback: true},
	});
}

/**
 * `docker buildx build --push` on a Mac without --platform: an index of arm64 plus an
 * attestation. Fargate can't pull it for x86_64, so the task never starts and logs nothing;
 * the circuit breaker rolls the service back to the previous release.
 */
export function addPlatformMissing(account: SimAccount, now: number): void {
	account.createRepository('web/frontend', {createdAt: now - 60 * 24 * hour});
	account.pushImage(
		'web/frontend',
		buildIndex({images: [buildImage({platform: amd64, format: 'oci', payload: '#!/bin/sh\nexec node server.js # v1\n'})], attestations: true}),
		'v1',
		now - 10 * 24 * hour,
	);
	account.pushImage(
		'web/frontend',
		buildIndex({images: [buildImage({platform: arm64, format: 'oci', payload: '#!/bin/sh\nexec node server.js # v2\n'})], attestations: true}),
		'v2',
		now - 50 * minute,
	);
	account.createLogGroup('/ecs/frontend', now - 60 * 24 * hour);
	const cluster = createCluster(account, 'web');
	fargateTaskDefinition(account, 'frontend', [container(account, 'frontend', 'web/frontend', 'v1', '/ecs/frontend')], undefined, now - 10 * 24 * hour);
	const service = createService(account, {
		cluster,
		name: 'frontend',
		taskDefinition: 'frontend:1',
		desiredCount: 2,
		createdAt: now - 10 * 24 * hour,
		circuitBreaker: {enable: true, rollback: true},
	});
	account.advance(now - 40 * minute);
	const next = fargateTaskDefinition(
		account,
		'frontend',
		[container(account, 'frontend', 'web/frontend', 'v2', '/ecs/frontend')],
		undefined,
		now - 40 * minute,
	);
	updateServiceTaskDefinition(account, service.name, cluster.name, next.taskDefinitionArn, now - 40 * minute);
}

/** An amd64 image whose entrypoint script has no `#!` line: exec format error on the right architecture. */
export function addMissingShebang(account: SimAccount, now: number): void {
	account.createRepository('tools/report-job', {createdAt: now - 20 * 24 * hour});
	account.pushImage('tools/report-job', buildImage({platform: amd64, format: 'docker', payload: 'echo "building report"\n'}), 'latest', now - 2 * hour);
	account.createLogGroup('/ecs/report-job', now - 20 * 24 * hour);
	const cluster = createCluster(account, 'batch');
	addContainerInstance(account, cluster, 'x86_64', now - 20 * 24 * hour);
	registerTaskDefinition(
		account,
		{
			family: 'report-job',
			containerDefinitions: [container(account, 'report', 'tools/report-job', 'latest', '/ecs/report-job')],
			requiresCompatibilities: ['EC2'],
			networkMode: 'bridge',
			memory: '512',
		},
		now - 2 * hour,
	);
	runStandaloneTask(account, cluster, 'report-job', 'EC2', now - 25 * minute);
}

/**
 * What a terminal must never obey: escape sequences that set the clipboard, retitle the window,
 * clear the screen and recolour, a C1 CSI, a backspace, a carriage return, a bidi override and a
 * zero-width space. No slash or colon, so it survives inside ARNs and stream names.
 */
export const hostilePayload = '\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007\u001b]0;pwned\u0007\u001b[2J\u001b[31m\u009b1m\u0008\r\u202e\u200b';

/**
 * An account whose own data is hostile: a task definition family, a container and an App Runner
 * service named with the payload, an image reference that carries it, a config blob that says
 * "arm 64" and an index entry "arm64/v8" with variant "v8". With the simulator's `hostile` fault,
 * every text it writes (log lines, reasons, events, errors) carries it too.
 */
export function addHostile(account: SimAccount, now: number): void {
	const payload = hostilePayload;
	account.createRepository('evil/app', {createdAt: now - 5 * hour});
	account.pushImage('evil/app', buildImage({platform: {os: 'linux', architecture: 'arm 64'}, format: 'docker'}), 'spaced', now - 4 * hour);
	const odd = buildImage({platform: {os: 'linux', architecture: 'arm64/v8', variant: 'v8'}, format: 'oci'});
	account.pushImage('evil/app', buildIndex({images: [odd], format: 'oci'}), 'slashed', now - 4 * hour);
	account.pushImage('evil/app', grafanaUpstream(account).children[1]!, 'latest', now - 4 * hour);
	account.createLogGroup('/ecs/evil', now - 5 * hour);
	const cluster = createCluster(account, 'hostile');
	const services: [string, string, string][] = [
		['spaced', `evil${payload}`, 'spaced'],
		['slashed', 'slashed', 'slashed'],
		['named', 'named', 'latest'],
	];
	for (const [name, family, tag] of services) {
		const definition = container(account, name === 'named' ? `app${payload}` : 'app', 'evil/app', tag, '/ecs/evil');
		const registered = fargateTaskDefinition(
			account,
			name,
			[name === 'spaced' ? {...definition, image: `${definition.image}${payload}`} : definition],
			undefined,
			now - 3 * hour,
		);
		// RegisterTaskDefinition refuses such names, as AWS does: an endpoint that lies still sends them.
		plantFamily(account, registered, family);
		createService(account, {cluster, name, taskDefinition: family, createdAt: now - 2 * hour});
	}
	createAppRunnerService(account, {
		name: `shop${payload}`,
		imageIdentifier: `${account.registryHost}/evil/app:latest`,
		port: '8080',
		createdAt: now - 50 * minute,
	});
}

function plantFamily(account: SimAccount, definition: SimTaskDefinition, family: string): void {
	if (definition.family === family) return;
	account.taskDefinitions.delete(definition.family);
	definition.family = family;
	definition.taskDefinitionArn = account.arn('ecs', `task-definition/${family}:${definition.revision}`);
	account.taskDefinitions.set(family, [definition]);
}

/** The reverse case: an amd64-only worker on a Graviton (arm64) EC2 cluster. */
export function addGravitonEc2(account: SimAccount, now: number): void {
	account.createRepository('jobs/worker', {createdAt: now - 20 * 24 * hour});
	const upstream = buildIndex({
		images: [
			buildImage({platform: amd64, format: 'docker', payload: '#!/bin/sh\nexec worker\n'}),
			buildImage({platform: arm64, format: 'docker', payload: '#!/bin/sh\nexec worker\n'}),
		],
		format: 'docker',
	});
	publishUpstream(account, 'jobs/worker:latest', upstream);
	account.pushImage('jobs/worker', upstream.children[0]!, 'latest', now - 90 * minute);
	account.createLogGroup('/ecs/worker', now - 20 * 24 * hour);
	const cluster = createCluster(account, 'graviton');
	addContainerInstance(account, cluster, 'arm64', now - 20 * 24 * hour);
	addContainerInstance(account, cluster, 'arm64', now - 20 * 24 * hour);
	registerTaskDefinition(
		account,
		{
			family: 'worker',
			containerDefinitions: [container(account, 'worker', 'jobs/worker', 'latest', '/ecs/worker')],
			requiresCompatibilities: ['EC2'],
			networkMode: 'bridge',
			memory: '512',
		},
		now - 80 * minute,
	);
	createService(account, {cluster, name: 'worker', taskDefinition: 'worker', launchType: 'EC2', createdAt: now - 75 * minute});
}

/**
 * Logs past the old row limit: a crash-looping service whose supervisor retries its arm64 binary
 * 80 times per task (thousands of lines), and a nightly report task that failed 20 hours ago,
 * stopped, and is long gone from ECS: only its log stream and its family's log configuration
 * say what it was.
 */
export function addLogFlood(account: SimAccount, now: number): void {
	const cluster = createCluster(account, 'etl');
	account.createRepository('etl/ingest', {createdAt: now - 30 * 24 * hour});
	account.pushImage('etl/ingest', buildImage({platform: arm64, format: 'docker', payload: '#!/bin/sh\nexec ingest\n'}), 'latest', now - 7 * hour);
	account.createLogGroup('/ecs/ingest', now - 30 * 24 * hour);
	fargateTaskDefinition(account, 'ingest', [container(account, 'ingest', 'etl/ingest', 'latest', '/ecs/ingest')], undefined, now - 6.5 * hour);
	createService(account, {cluster, name: 'ingest', taskDefinition: 'ingest', createdAt: now - 6 * hour});
	account.createRepository('etl/nightly-report', {createdAt: now - 30 * 24 * hour});
	account.pushImage('etl/nightly-report', buildImage({platform: arm64, format: 'docker', payload: '#!/bin/sh\nexec report\n'}), 'latest', now - 22 * hour);
	account.createLogGroup('/ecs/nightly-report', now - 30 * 24 * hour);
	fargateTaskDefinition(
		account,
		'nightly-report',
		[container(account, 'report', 'etl/nightly-report', 'latest', '/ecs/nightly-report')],
		undefined,
		now - 21 * hour,
	);
	runStandaloneTask(account, cluster, 'nightly-report', 'FARGATE', now - 20 * hour);
	account.advance(now);
	// The ingest image's supervisor retries 80 times before the task gives up, logging each failure.
	for (const stream of account.logGroups.get('/ecs/ingest')!.streams.values()) {
		const first = stream.events[0];
		if (!first) continue;
		for (let retry = 1; retry < 80; retry++)
			account.putLogEvent(
				'/ecs/ingest',
				stream.name,
				first.timestamp + retry * 100,
				'/entrypoint.sh: line 4: /usr/local/bin/ingest: cannot execute binary file: Exec format error',
			);
	}
}

/**
 * A sidecar that breaks the task: checkout's own image is a healthy multi-platform index, but its
 * FireLens log router was built on a Mac and pushed as arm64 only. The router dies with exec
 * format error, ECS stops the app with it (exit code 137), and the app's logs, routed through
 * the router, never reach CloudWatch: only the router's own awslogs group shows the line.
 */
export function addSidecar(account: SimAccount, now: number, images: {app?: BuiltImage; router?: BuiltImage} = {}): void {
	account.createRepository('shop/checkout', {createdAt: now - 30 * 24 * hour});
	const app =
		images.app ??
		buildIndex({
			images: [
				buildImage({platform: amd64, format: 'oci', payload: '#!/bin/sh\nexec checkout\n'}),
				buildImage({platform: arm64, format: 'oci', payload: '#!/bin/sh\nexec checkout\n'}),
			],
			attestations: true,
		});
	account.pushImage('shop/checkout', app, '1.4', now - 5 * hour);
	account.createRepository('shop/fluent-bit', {createdAt: now - 30 * 24 * hour});
	account.pushImage(
		'shop/fluent-bit',
		images.router ?? buildImage({platform: arm64, format: 'docker', payload: '#!/bin/sh\nexec fluent-bit\n'}),
		'custom',
		now - 4 * hour,
	);
	account.createLogGroup('/ecs/checkout-firelens', now - 30 * 24 * hour);
	const cluster = createCluster(account, 'shop');
	const router: SimContainerDefinition = {
		...container(account, 'log_router', 'shop/fluent-bit', 'custom', '/ecs/checkout-firelens'),
		portMappings: [],
		firelensConfiguration: {type: 'fluentbit'},
		logConfiguration: {
			logDriver: 'awslogs',
			options: {'awslogs-group': '/ecs/checkout-firelens', 'awslogs-region': account.region, 'awslogs-stream-prefix': 'firelens'},
		},
	};
	const checkout: SimContainerDefinition = {
		...container(account, 'app', 'shop/checkout', '1.4', '/ecs/checkout'),
		logConfiguration: {
			logDriver: 'awsfirelens',
			options: {Name: 'cloudwatch_logs', region: account.region, log_group_name: '/ecs/checkout', log_stream_prefix: 'app/'},
		},
		dependsOn: [{containerName: 'log_router', condition: 'START'}],
	};
	fargateTaskDefinition(account, 'checkout', [checkout, router], undefined, now - 3.5 * hour);
	createService(account, {cluster, name: 'checkout', taskDefinition: 'checkout', createdAt: now - 3 * hour});
}

/**
 * What changed: orders' API runs on Graviton (runtimePlatform ARM64) from an arm64-only image.
 * A CDK refactor registered revision 2 without runtimePlatform, so Fargate runs it on x86_64:
 * the image did not change, the revision did. The CDK's CloudFormation role registered both,
 * and the stack's tags are on the service, so a patch made beside it is undone by its next deploy.
 */
export function addRevisionDrop(account: SimAccount, now: number): void {
	account.createRepository('orders/api', {createdAt: now - 40 * 24 * hour});
	account.pushImage('orders/api', buildImage({platform: arm64, format: 'oci', payload: '#!/bin/sh\nexec orders-api\n'}), '2.3', now - 5 * 24 * hour);
	account.createLogGroup('/ecs/orders-api', now - 40 * 24 * hour);
	const cluster = createCluster(account, 'orders');
	const stackTags = [
		{key: 'aws:cloudformation:stack-name', value: 'OrdersStack'},
		{key: 'aws:cloudformation:logical-id', value: 'ApiTaskDef'},
	];
	const cdkRole = `arn:aws:sts::${account.accountId}:assumed-role/cdk-hnb659fds-cfn-exec-role-${account.accountId}-${account.region}/AWSCloudFormation`;
	const api = container(account, 'api', 'orders/api', '2.3', '/ecs/orders-api');
	const first = fargateTaskDefinition(account, 'orders-api', [api], 'ARM64', now - 4 * 24 * hour);
	Object.assign(first, {registeredBy: cdkRole, tags: stackTags});
	const service = createService(account, {cluster, name: 'api', taskDefinition: 'orders-api:1', desiredCount: 2, createdAt: now - 4 * 24 * hour});
	service.tags = [{key: 'aws:cloudformation:stack-name', value: 'OrdersStack'}];
	account.advance(now - 2 * hour);
	const second = fargateTaskDefinition(account, 'orders-api', [api], undefined, now - 2 * hour);
	Object.assign(second, {registeredBy: cdkRole, tags: stackTags});
	updateServiceTaskDefinition(account, service.name, cluster.name, second.taskDefinitionArn, now - 2 * hour);
}

/** A cross-build with the wrong label: linux/amd64 on an amd64 base, and an arm64 binary at `binary`, its entrypoint. */
function crossBuilt(binary: string): BuiltImage {
	const path = binary.slice(1);
	return buildImage({
		platform: amd64,
		format: 'oci',
		layers: [
			baseLayer(amd64),
			[
				{path: path.slice(0, path.lastIndexOf('/')), directory: true},
				{path, content: elfHeaderFor(arm64)},
			],
		],
		entrypoint: [binary],
		env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
	});
}

/**
 * A label that lies: ledger's image says linux/amd64, and its base layer is amd64, but the Go
 * binary in the top layer was cross-compiled with GOARCH=arm64 (a Makefile default on the Mac
 * that built it) under `--platform linux/amd64`. Fargate x86_64 pulls it happily and the binary
 * dies with exec format error: only its bytes tell.
 */
export function addLyingLabel(account: SimAccount, now: number): void {
	account.createRepository('finance/ledger', {createdAt: now - 30 * 24 * hour});
	account.pushImage('finance/ledger', crossBuilt('/usr/local/bin/ledger'), '4.1.0', now - 3 * hour);
	account.createLogGroup('/ecs/ledger', now - 30 * 24 * hour);
	const cluster = createCluster(account, 'finance');
	fargateTaskDefinition(account, 'ledger', [container(account, 'ledger', 'finance/ledger', '4.1.0', '/ecs/ledger')], undefined, now - 2.5 * hour);
	createService(account, {cluster, name: 'ledger', taskDefinition: 'ledger', createdAt: now - 2 * hour});
}

/** An AWS Lambda base image's layout: /lambda-entrypoint.sh, a shell script run by the base layer's /bin/sh. */
function lambdaImage(platform: typeof amd64, format: 'docker' | 'oci' = 'oci'): BuiltImage {
	return buildImage({
		platform,
		format,
		layers: [baseLayer(platform), [{path: 'lambda-entrypoint.sh', content: '#!/bin/sh\nexec /usr/local/bin/aws-lambda-rie "$@"\n'}]],
		entrypoint: ['/lambda-entrypoint.sh'],
	});
}

/**
 * Lambda functions from container images. image-resizer (x86_64) runs an image built on a Mac,
 * arm64 only: every scheduled invocation fails to init with exec format error. report-export
 * (arm64) was updated an hour ago to a buildx index (linux/arm64 with a provenance attestation),
 * which Lambda does not take: the update failed and the function still runs the image before it.
 * invoice-pdf (x86_64) is a custom runtime whose label says linux/amd64 while its Go bootstrap
 * was cross-compiled for arm64: only its bytes tell. Zip functions are not images and not read.
 */
export function addLambda(account: SimAccount, now: number): void {
	account.createRepository('media/image-resizer', {createdAt: now - 30 * 24 * hour});
	account.pushImage('media/image-resizer', lambdaImage(arm64), '2.0', now - 4 * hour);
	// Where the team's CI publishes it for both architectures: what a re-push pulls from.
	publishUpstream(account, 'media/image-resizer:2.0', buildIndex({images: [lambdaImage(amd64), lambdaImage(arm64)]}));
	createLambdaFunction(account, {
		name: 'image-resizer',
		imageUri: `${account.registryHost}/media/image-resizer:2.0`,
		architecture: 'x86_64',
		invokeEveryMs: 20 * minute,
		createdAt: now - 3 * hour,
	});
	account.createRepository('finance/report-export', {createdAt: now - 30 * 24 * hour});
	account.pushImage('finance/report-export', lambdaImage(arm64, 'docker'), '1.8', now - 10 * 24 * hour);
	const lambda = createLambdaFunction(account, {
		name: 'report-export',
		imageUri: `${account.registryHost}/finance/report-export:1.8`,
		architecture: 'arm64',
		invokeEveryMs: 60 * minute,
		createdAt: now - 10 * 24 * hour,
	});
	account.advance(now - hour);
	account.pushImage('finance/report-export', buildIndex({images: [lambdaImage(arm64)], attestations: true}), '1.9', now - hour);
	updateLambdaCode(account, lambda, `${account.registryHost}/finance/report-export:1.9`, undefined, now - hour);
	account.createRepository('billing/invoice-pdf', {createdAt: now - 30 * 24 * hour});
	account.pushImage('billing/invoice-pdf', crossBuilt('/var/task/bootstrap'), '3.2.0', now - 5 * hour);
	createLambdaFunction(account, {
		name: 'invoice-pdf',
		imageUri: `${account.registryHost}/billing/invoice-pdf:3.2.0`,
		architecture: 'x86_64',
		invokeEveryMs: 30 * minute,
		createdAt: now - 5 * hour,
	});
	createZipFunction(account, 'thumbnailer', now - 90 * 24 * hour);
}

/** Log groups and lines that have nothing to do with execdoctor. */
export function addNoise(account: SimAccount, now: number): void {
	for (const name of ['/aws/lambda/thumbnailer', '/aws/lambda/billing-export', '/aws/rds/instance/orders/postgresql', '/ecs/legacy-cron']) {
		account.createLogGroup(name, now - 90 * 24 * hour);
		for (let index = 0; index < 6; index++)
			account.putLogEvent(name, `2026/11/24/[$LATEST]${index}`, now - index * 7 * minute, `INFO request ${index} handled in ${10 + index} ms`);
	}
}

/**
 * A busy account for the benchmark: 20 clusters of 10 healthy multi-platform services, each
 * logging to its own group, 200 Lambda log groups, and two services failing like the seed.
 */
export function addLargeAccount(account: SimAccount, now: number): void {
	account.createRepository('platform/base', {createdAt: now - 90 * 24 * hour});
	account.pushImage(
		'platform/base',
		buildIndex({images: [buildImage({platform: amd64, format: 'oci'}), buildImage({platform: arm64, format: 'oci'})], attestations: true}),
		'stable',
		now - 9 * 24 * hour,
	);
	account.createRepository('team/reports', {createdAt: now - 90 * 24 * hour});
	account.pushImage('team/reports', buildImage({platform: arm64, format: 'docker', payload: '#!/bin/sh\nexec reports\n'}), 'latest', now - 2 * hour);
	const failing = new Set(['cluster-03/service-07', 'cluster-15/service-02']);
	for (let c = 1; c <= 20; c++) {
		const cluster = createCluster(account, `cluster-${String(c).padStart(2, '0')}`);
		for (let s = 1; s <= 10; s++) {
			const name = `service-${String(s).padStart(2, '0')}`;
			const group = `/ecs/${cluster.name}-${name}`;
			account.createLogGroup(group, now - 90 * 24 * hour);
			const broken = failing.has(`${cluster.name}/${name}`);
			const family = `${cluster.name}-${name}`;
			fargateTaskDefinition(
				account,
				family,
				[container(account, 'app', broken ? 'team/reports' : 'platform/base', broken ? 'latest' : 'stable', group)],
				undefined,
				now - 8 * 24 * hour,
			);
			createService(account, {cluster, name, taskDefinition: family, createdAt: broken ? now - 90 * minute : now - 8 * 24 * hour});
		}
	}
	for (let index = 1; index <= 200; index++) {
		const group = `/aws/lambda/function-${String(index).padStart(3, '0')}`;
		account.createLogGroup(group, now - 90 * 24 * hour);
		account.putLogEvent(group, '2026/11/24/[$LATEST]0', now - index * 1000, `START RequestId: ${index}`);
	}
}

export function updateServiceTaskDefinition(account: SimAccount, serviceName: string, clusterName: string, taskDefinitionArn: string, at: number): void {
	const cluster = account.clusters.get(clusterName)!;
	const service = cluster.services.get(serviceName)!;
	const definition = account.taskDefinitions
		.get(taskDefinitionArn.split('/').at(-1)!.split(':')[0]!)!
		.find(candidate => candidate.taskDefinitionArn === taskDefinitionArn)!;
	createDeployment(account, service, definition, at);
}

const stories: Record<Exclude<ScenarioName, 'demo' | 'empty' | 'large' | 'hostile' | 'log-flood'>, (account: SimAccount, now: number) => void> = {
	'seed-fargate': addSeedFargate,
	'seed-apprunner': addSeedAppRunner,
	healthy: addHealthyMultiArch,
	'platform-missing': addPlatformMissing,
	'missing-shebang': addMissingShebang,
	'graviton-ec2': addGravitonEc2,
	sidecar: addSidecar,
	'revision-drop': addRevisionDrop,
	'lying-label': addLyingLabel,
	lambda: addLambda,
};

/** Builds a scenario account whose history ends now. */
export function buildScenario(name: ScenarioName, options: SimAccountOptions = {}): SimAccount {
	const account = newAccount(options);
	const now = account.now();
	if (name === 'demo') {
		for (const add of Object.values(stories)) add(account, now);
		addNoise(account, now);
	} else if (name === 'large') {
		addLargeAccount(account, now);
	} else if (name === 'hostile') {
		addHostile(account, now);
	} else if (name === 'log-flood') {
		addLogFlood(account, now);
	} else if (name !== 'empty') {
		stories[name](account, now);
	}
	account.advance(now);
	return account;
}

export {isScenarioName, scenarioDescriptions, type ScenarioName} from './scenario-names.js';
