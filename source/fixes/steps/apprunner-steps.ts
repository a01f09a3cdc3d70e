/** Steps that make App Runner run the fixed image: a deployment, or an update of the image identifier. */
import {isAwsError} from '../../errors.js';
import type {AppRunnerOperation, AppRunnerService} from '../../ports/account.js';
import {plural} from '../../text.js';
import {appRunnerImageCommand, awsFlags, type AwsScope} from '../shell.js';
import type {UndoAction} from '../types.js';
import type {ExecStep, RunContext} from './step.js';

/** A deployment App Runner started after the fix began (automatic deployments start one per push). */
async function newDeployment(context: RunContext, serviceArn: string): Promise<AppRunnerOperation | undefined> {
	const known = context.memory.knownOperations;
	if (!known) return undefined;
	const operations = await context.account.listAppRunnerOperations(serviceArn, 5);
	return operations.find(operation => operation.type === 'START_DEPLOYMENT' && !known.has(operation.id));
}

async function awaitNewDeployment(context: RunContext, serviceArn: string): Promise<AppRunnerOperation | undefined> {
	const deadline = context.clock.now() + context.waitMs;
	for (;;) {
		const found = await newDeployment(context, serviceArn);
		if (found || context.clock.now() >= deadline) return found;
		await context.clock.sleep(context.pollMs, context.signal);
	}
}

/**
 * After a push to the tag the service runs: with automatic deployments on, App Runner starts the
 * deployment itself and a StartDeployment would collide with it, so the step waits for that one
 * first and starts a deployment only when none comes.
 */
export function startAppRunnerDeploymentStep(serviceArn: string, scope: AwsScope, automatic: boolean): ExecStep {
	const flags = awsFlags(scope);
	const start = `apprunner:StartDeployment ServiceArn=${serviceArn}`;
	const startCommand = `aws apprunner start-deployment --service-arn ${serviceArn} ${flags}`;
	return {
		id: 'start-deployment',
		title: automatic
			? 'Let App Runner deploy the pushed image (automatic deployments are on), or start the deployment'
			: 'Start an App Runner deployment, which pulls the image again',
		kind: 'aws',
		display: automatic ? `apprunner:ListOperations ServiceArn=${serviceArn} until the deployment the push starts appears; if none does, ${start}` : start,
		// By hand: look for the push's own deployment; start one only if none came (a note says so).
		shell: [automatic ? `aws apprunner list-operations --service-arn ${serviceArn} --max-results 1 ${flags}` : startCommand],
		mutating: true,
		intent: async () => (automatic ? byItself : {kind: 'redeploy-apprunner', serviceArn}),
		async run(context) {
			const adopt = (operation: AppRunnerOperation) => {
				context.memory.operationId = operation.id;
				return {
					detail: `automatic deployment ${operation.id}, started by App Runner after the push`,
					change: {
						description: `App Runner started deployment ${operation.id} by itself after the push`,
						undo: 'after putting the tag back (above), App Runner deploys it by itself (automatic deployments are on)',
						undoAction: byItself,
					},
				};
			};
			const automaticOne = automatic ? await awaitNewDeployment(context, serviceArn) : undefined;
			if (automaticOne) return adopt(automaticOne);
			let operationId: string;
			try {
				({operationId} = await context.aws.startAppRunnerDeployment(serviceArn));
			} catch (error) {
				// The push's own deployment can start between the last look and this call. App Runner
				// refuses a deployment during an operation with InvalidRequestException (what the service
				// model declares for StartDeployment) or InvalidStateException (as UpdateService does).
				const refusedNow = isAwsError(error, 'conflict') || (isAwsError(error, 'invalid-input') && error.code === 'InvalidRequestException');
				const collided = refusedNow ? await newDeployment(context, serviceArn) : undefined;
				if (collided) return adopt(collided);
				throw error;
			}
			context.memory.operationId = operationId;
			return {
				detail: `operation ${operationId}`,
				change: {
					description: `started App Runner deployment ${operationId}`,
					undo: `after putting the tag back (above): ${startCommand}`,
					undoAction: {kind: 'redeploy-apprunner', serviceArn},
				},
			};
		},
	};
}

/** What UpdateService carries over from the service as it is, in words: never the values. */
export function keptConfiguration(service: AppRunnerService): string {
	return [
		service.port ? `port ${service.port}` : undefined,
		service.startCommand ? 'start command' : undefined,
		service.environmentVariableNames.length > 0 ? plural(service.environmentVariableNames.length, 'environment variable') : undefined,
		service.secretNames.length > 0 ? plural(service.secretNames.length, 'secret') : undefined,
		service.accessRoleArn ? 'ECR access role' : undefined,
		service.autoDeploymentsEnabled === undefined ? undefined : `automatic deployments ${service.autoDeploymentsEnabled ? 'on' : 'off'}`,
	]
		.filter(Boolean)
		.join(', ');
}

const byItself: UndoAction = {kind: 'nothing', reason: 'App Runner deploys the tag again by itself once it is put back (automatic deployments are on)'};

/** Pointed at a new tag: point it back. Rebuilt on the same identifier: rebuild it again once the tag is back. */
function undoOf(options: {serviceArn: string; imageIdentifier: string; previousImageIdentifier: string}): UndoAction {
	return options.imageIdentifier === options.previousImageIdentifier
		? {kind: 'redeploy-apprunner', serviceArn: options.serviceArn, imageIdentifier: options.imageIdentifier}
		: {kind: 'update-apprunner-image', serviceArn: options.serviceArn, imageIdentifier: options.previousImageIdentifier};
}

export function updateAppRunnerStep(options: {
	serviceArn: string;
	scope: AwsScope;
	imageIdentifier: string;
	previousImageIdentifier: string;
	kept: string;
	reason: string;
}): ExecStep {
	const {serviceArn, imageIdentifier} = options;
	return {
		id: 'update-apprunner',
		title: `Update the App Runner service (${options.reason})`,
		kind: 'aws',
		display: `apprunner:DescribeService ServiceArn=${serviceArn}, then apprunner:UpdateService with the SourceConfiguration it returns and ImageRepository.ImageIdentifier=${imageIdentifier}${options.kept ? ` (kept as they are: ${options.kept})` : ''}`,
		shell: [appRunnerImageCommand(serviceArn, imageIdentifier, options.scope)],
		mutating: true,
		intent: async () => undoOf(options),
		async run(context) {
			const {operationId} = await context.aws.updateAppRunnerImage(serviceArn, imageIdentifier);
			context.memory.operationId = operationId;
			const undo = appRunnerImageCommand(serviceArn, options.previousImageIdentifier, options.scope);
			// Same identifier: a rebuild on what the tag names now; its undo is the tag's, then the same update.
			const change =
				imageIdentifier === options.previousImageIdentifier
					? {
							description: `App Runner service rebuilt from ${imageIdentifier} (operation ${operationId})`,
							undo: `after putting the tag back (above): ${undo}`,
							undoAction: undoOf(options),
						}
					: {
							description: `App Runner service now deploys ${imageIdentifier} (was ${options.previousImageIdentifier}; operation ${operationId})`,
							undo,
							undoAction: undoOf(options),
						};
			return {detail: `operation ${operationId}`, change};
		},
	};
}
