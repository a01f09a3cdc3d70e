/**
 * App Runner operations, run lazily like the ECS scheduler. App Runner runs x86_64 only,
 * so every deployment pulls the image for linux/amd64.
 */
import {linuxAmd64} from '../registry/platform.js';
import type {SimAccount} from './account.js';
import {execFormatErrorLine, runImage} from './image-runtime.js';
import type {Millis, SimAppRunnerOperation, SimAppRunnerService} from './model.js';

export function appRunnerLogGroup(service: SimAppRunnerService, kind: 'application' | 'service'): string {
	return `/aws/apprunner/${service.name}/${service.id}/${kind}`;
}

export function appRunnerStatus(service: SimAppRunnerService, now: Millis): string {
	return service.operations.some(operation => operation.startedAt <= now && now < operation.endsAt) ? 'OPERATION_IN_PROGRESS' : service.settledStatus;
}

const triggers: Record<SimAppRunnerOperation['type'], string> = {
	CREATE_SERVICE: 'SERVICE_CREATE',
	START_DEPLOYMENT: 'MANUAL_DEPLOY',
	UPDATE_SERVICE: 'SERVICE_UPDATE',
	PAUSE_SERVICE: 'SERVICE_PAUSE',
	RESUME_SERVICE: 'SERVICE_RESUME',
	DELETE_SERVICE: 'SERVICE_DELETE',
};

/** Starts an operation that deploys `imageIdentifier`, with its outcome decided by what the image holds. */
export function startOperation(account: SimAccount, service: SimAppRunnerService, type: SimAppRunnerOperation['type'], at: Millis): SimAppRunnerOperation {
	const image = service.imageIdentifier;
	const outcome = runImage(account, image, undefined, linuxAmd64);
	const id = account.newUuid();
	const endsAt = at + account.timing.appRunnerDeployMs;
	const serviceGroup = appRunnerLogGroup(service, 'service');
	const applicationGroup = appRunnerLogGroup(service, 'application');
	account.createLogGroup(serviceGroup, at);
	account.createLogGroup(applicationGroup, at);
	account.putLogEvent(serviceGroup, 'events', at, `[AppRunner] Deployment with ID : ${id} started. Triggering event : ${triggers[type]}`);
	account.putLogEvent(serviceGroup, 'events', at + 1000, `[AppRunner] Pulling image ${image} from ECR repository.`);
	let failureReason: string | undefined;
	if (outcome.kind === 'pull-failed') {
		failureReason = 'Failed to pull your application image. Be sure you configure your service with a valid access role to your ECR repository.';
	} else if (outcome.kind === 'exec-format-error') {
		const instance = account.newId();
		const crashAt = at + account.timing.appRunnerDeployMs / 2;
		account.putLogEvent(applicationGroup, `instance/${instance}`, crashAt, execFormatErrorLine(account, outcome.path));
		account.putLogEvent(applicationGroup, `instance/${instance}`, crashAt + 5000, execFormatErrorLine(account, outcome.path));
		failureReason = `Health check failed on protocol \`TCP\`[Port: '${service.port}']. Check your configured port number.`;
	}
	if (failureReason) {
		account.putLogEvent(serviceGroup, 'events', endsAt - 1000, `[AppRunner] ${failureReason}`);
		account.putLogEvent(serviceGroup, 'events', endsAt, `[AppRunner] Deployment with ID : ${id} failed.`);
	} else {
		account.putLogEvent(applicationGroup, `instance/${account.newId()}`, endsAt - account.timing.appRunnerDeployMs / 4, `listening on :${service.port}`);
		account.putLogEvent(serviceGroup, 'events', endsAt, `[AppRunner] Deployment with ID : ${id} was successful.`);
	}
	const operation: SimAppRunnerOperation = {
		id,
		type,
		status: 'IN_PROGRESS',
		startedAt: at,
		endsAt,
		targetArn: service.arn,
		imageIdentifier: image,
		outcome: failureReason ? 'fails' : 'succeeds',
		...(failureReason ? {failureReason} : {}),
	};
	service.operations.unshift(operation);
	service.updatedAt = at;
	return operation;
}

function settle(service: SimAppRunnerService, operation: SimAppRunnerOperation): void {
	if (operation.outcome === 'succeeds') {
		operation.status = 'SUCCEEDED';
		service.settledStatus = 'RUNNING';
		service.runningImageIdentifier = operation.imageIdentifier;
		return;
	}
	if (service.settledStatus === 'RUNNING' && operation.type !== 'CREATE_SERVICE') {
		operation.status = 'ROLLBACK_SUCCEEDED';
		return;
	}
	operation.status = 'FAILED';
	service.settledStatus = 'CREATE_FAILED';
}

function settleDue(service: SimAppRunnerService, now: Millis): void {
	for (const operation of [...service.operations].reverse()) {
		if (operation.status === 'IN_PROGRESS' && operation.endsAt <= now) settle(service, operation);
	}
}

export function installAppRunnerEngine(account: SimAccount): void {
	account.advanceHooks.push(now => {
		for (const service of account.appRunnerServices.values()) settleDue(service, now);
	});
	// Automatic deployments: a running service deploys each new image pushed to the tag it runs.
	account.pushHooks.push((repositoryName, tag, at) => {
		for (const service of account.appRunnerServices.values()) {
			if (!service.autoDeploymentsEnabled || service.imageIdentifier !== `${account.registryHost}/${repositoryName}:${tag}`) continue;
			settleDue(service, at);
			if (appRunnerStatus(service, at) === 'RUNNING') startOperation(account, service, 'START_DEPLOYMENT', at);
		}
	});
}
