/**
 * From a fix journal to the steps that take its changes back: the latest change first, tags and
 * revisions before the redeploys that must pick them up. A step cut off by a kill (an intent
 * with no outcome) is taken back when its undo is safe whether or not the step happened.
 */
import {arnName} from '../diagnosis/signatures.js';
import type {Workload} from '../diagnosis/types.js';
import {isAwsError} from '../errors.js';
import type {JournalRecord} from '../ports/journal.js';
import {appRunnerImageCommand, awsFlags, shellQuote, type AwsScope} from './shell.js';
import {tagUndo} from './steps/image-steps.js';
import type {ExecStep} from './steps/step.js';
import {lambdaCodeCommands, settled} from './steps/lambda-steps.js';
import type {UndoAction} from './types.js';

export type UndoPlan = {
	readonly workload: Workload;
	readonly scope: AwsScope;
	/** Each with the id of the fix step it takes back (what `undone` records name). */
	readonly steps: readonly (ExecStep & {readonly undoes: string})[];
	/** What is not taken back, and why. */
	readonly notes: readonly string[];
};

const redeploys = new Set<UndoAction['kind']>(['redeploy-service', 'redeploy-apprunner']);

/** Undos that are right whether the cut-off step happened or not. */
const safeEitherWay = new Set<UndoAction['kind']>([
	'restore-lambda-code',
	'restore-tag',
	'remove-tag',
	'update-service',
	'update-apprunner-image',
	'redeploy-service',
	'redeploy-apprunner',
]);

function undoStep(action: Exclude<UndoAction, {kind: 'nothing'}>, scope: AwsScope): ExecStep {
	const flags = awsFlags(scope);
	const base = {kind: 'aws' as const, mutating: true};
	switch (action.kind) {
		case 'restore-tag': {
			return {
				...base,
				id: 'restore-tag',
				title: `Put ${action.repository}:${action.tag} back on ${action.digest}`,
				display: `ecr:PutImage repositoryName=${action.repository} imageTag=${action.tag} imageDigest=${action.digest} with the manifest as it was, byte for byte`,
				shell: [
					tagUndo({
						...scope,
						registryId: action.registryId,
						repository: action.repository,
						tag: action.tag,
						previousDigest: action.digest,
						mediaType: action.mediaType,
					}),
				],
				async run(context) {
					try {
						await context.aws.putImage({
							registryId: action.registryId,
							repository: action.repository,
							tag: action.tag,
							manifest: action.manifest,
							mediaType: action.mediaType,
							digest: action.digest,
						});
					} catch (error) {
						// The tag names that very image already: nothing to put back.
						if (!(isAwsError(error) && error.code === 'ImageAlreadyExistsException')) throw error;
						return {detail: `${action.repository}:${action.tag} already names ${action.digest}`};
					}
					return {detail: `${action.repository}:${action.tag} names ${action.digest} again`};
				},
			};
		}
		case 'remove-tag': {
			return {
				...base,
				id: 'remove-tag',
				title: `Remove the tag ${action.repository}:${action.tag} the fix added`,
				display: `ecr:BatchDeleteImage repositoryName=${action.repository} imageIds=[{imageTag: ${action.tag}}]`,
				shell: [tagUndo({...scope, registryId: action.registryId, repository: action.repository, tag: action.tag})],
				async run(context) {
					await context.aws.removeTag(action);
					return {detail: `removed ${action.repository}:${action.tag}`};
				},
			};
		}
		case 'deregister': {
			return {
				...base,
				id: 'deregister',
				title: `Deregister ${arnName(action.taskDefinition)}, the revision the fix registered`,
				display: `ecs:DeregisterTaskDefinition taskDefinition=${arnName(action.taskDefinition)}`,
				shell: [`aws ecs deregister-task-definition --task-definition ${action.taskDefinition} ${flags}`],
				async run(context) {
					await context.aws.deregisterTaskDefinition(action.taskDefinition);
					return {detail: `deregistered ${arnName(action.taskDefinition)}`};
				},
			};
		}
		case 'update-service':
		case 'redeploy-service': {
			const revision = action.kind === 'update-service' ? action.taskDefinition : undefined;
			return {
				...base,
				id: action.kind,
				title: revision
					? `Move service ${action.service} back to ${arnName(revision)}`
					: `Deploy service ${action.service} again, so it runs what its tag names again`,
				display: `ecs:UpdateService cluster=${action.cluster} service=${action.service} ${revision ? `taskDefinition=${arnName(revision)}` : 'forceNewDeployment=true'}`,
				shell: [
					`aws ecs update-service --cluster ${shellQuote(action.cluster)} --service ${shellQuote(action.service)} ${revision ? `--task-definition ${arnName(revision)}` : '--force-new-deployment'} ${flags}`,
				],
				async run(context) {
					const {deploymentId} = await context.aws.updateService({
						cluster: action.cluster,
						service: action.service,
						...(revision ? {taskDefinition: revision} : {forceNewDeployment: true}),
					});
					return {detail: `deployment ${deploymentId ?? 'started'}`};
				},
			};
		}
		case 'restore-lambda-code': {
			return {
				...base,
				id: 'restore-lambda-code',
				title: `Point function ${action.functionName} back at ${action.imageUri} on ${action.architectures.join(', ')}`,
				display: `lambda:UpdateFunctionCode FunctionName=${action.functionName} ImageUri=${action.imageUri} Architectures=[${action.architectures.join(', ')}]`,
				shell: lambdaCodeCommands(action.functionName, {imageUri: action.imageUri, architectures: action.architectures}, scope),
				async run(context) {
					await context.aws.updateLambdaCode(action.functionName, {imageUri: action.imageUri, architectures: action.architectures});
					await settled(context, action.functionName);
					return {detail: `function ${action.functionName} runs ${action.imageUri} on ${action.architectures.join(', ')} again (LastUpdateStatus Successful)`};
				},
			};
		}
		case 'update-apprunner-image':
		case 'redeploy-apprunner': {
			const image = action.imageIdentifier;
			return {
				...base,
				id: action.kind,
				title: image ? `Point the App Runner service at ${image} again` : 'Start an App Runner deployment of what its tag names again',
				display: image
					? `apprunner:UpdateService ServiceArn=${action.serviceArn} ImageRepository.ImageIdentifier=${image}`
					: `apprunner:StartDeployment ServiceArn=${action.serviceArn}`,
				shell: [image ? appRunnerImageCommand(action.serviceArn, image, scope) : `aws apprunner start-deployment --service-arn ${action.serviceArn} ${flags}`],
				async run(context) {
					const {operationId} = image
						? await context.aws.updateAppRunnerImage(action.serviceArn, image)
						: await context.aws.startAppRunnerDeployment(action.serviceArn);
					return {detail: `operation ${operationId}`};
				},
			};
		}
	}
}

export function undoPlan(records: readonly JournalRecord[], options: {profile?: string} = {}): UndoPlan {
	const header = records[0];
	if (header?.type !== 'fix') throw new Error('not a fix journal');
	const scope: AwsScope = {region: header.region, ...((options.profile ?? header.profile) ? {profile: options.profile ?? header.profile} : {})};
	const undone = new Set(records.flatMap(record => (record.type === 'undone' ? [record.step] : [])));
	const notes: string[] = [];
	const taken: {step: string; action: Exclude<UndoAction, {kind: 'nothing'}>}[] = [];
	for (const intent of records.filter((record): record is Extract<JournalRecord, {type: 'intent'}> => record.type === 'intent')) {
		if (undone.has(intent.step)) continue;
		const outcome = records.find(record => (record.type === 'done' || record.type === 'failed' || record.type === 'abandoned') && record.step === intent.step);
		if (outcome?.type === 'failed') continue;
		const action = (outcome?.type === 'done' ? outcome.change?.undoAction : undefined) ?? intent.undo;
		if (action.kind === 'nothing') {
			if (outcome?.type !== 'done') notes.push(`"${intent.title}" was cut off before it said what it did, and ${action.reason}: check it by hand.`);
			else if (outcome.type === 'done' && outcome.change) notes.push(`"${intent.title}": ${action.reason}.`);
			continue;
		}
		const settled = outcome?.type === 'done';
		if (!settled && !safeEitherWay.has(action.kind)) {
			notes.push(`"${intent.title}" was cut off before it said what it did: check it by hand.`);
			continue;
		}
		taken.push({step: intent.step, action});
	}
	const ordered = [...taken.filter(item => !redeploys.has(item.action.kind)).reverse(), ...taken.filter(item => redeploys.has(item.action.kind)).reverse()];
	return {workload: header.workload, scope, steps: ordered.map(item => ({...undoStep(item.action, scope), undoes: item.step})), notes};
}
