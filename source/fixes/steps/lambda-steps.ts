/** The step that points a Lambda function at a fixed image (or another architecture), and waits for Lambda to apply it. */
import {shellQuote, awsFlags, type AwsScope} from '../shell.js';
import type {UndoAction} from '../types.js';
import {waitForLambdaUpdate} from '../lambda-update.js';
import {StepFailure, type ExecStep, type RunContext} from './step.js';

export type LambdaCode = {readonly imageUri: string; readonly architectures?: readonly string[]};

/** The AWS CLI command for an UpdateFunctionCode, and the wait for it to settle. */
export function lambdaCodeCommands(functionName: string, code: LambdaCode, scope: AwsScope): string[] {
	const flags = awsFlags(scope);
	return [
		`aws lambda update-function-code --function-name ${shellQuote(functionName)} --image-uri ${shellQuote(code.imageUri)}${code.architectures?.length ? ` --architectures ${code.architectures.join(' ')}` : ''} ${flags}`,
		`aws lambda wait function-updated-v2 --function-name ${shellQuote(functionName)} ${flags}`,
	];
}

/** Waits until Lambda has applied the update: Successful, or Failed with its reason. */
export async function settled(context: RunContext, functionName: string): Promise<void> {
	const end = await waitForLambdaUpdate(context.account, functionName, {
		clock: context.clock,
		pollMs: context.pollMs,
		deadline: context.clock.now() + Math.max(context.waitMs, 60_000),
		...(context.signal ? {signal: context.signal} : {}),
	});
	if (end.kind === 'failed') throw new StepFailure(`Lambda refused the update: ${end.reason}`);
	if (end.kind === 'late') throw new StepFailure(`Lambda did not finish the update of ${functionName} in time (LastUpdateStatus ${end.status}).`);
}

export function updateLambdaCodeStep(options: {
	readonly functionName: string;
	readonly code: LambdaCode;
	/** What the function ran before: its image by digest, so the undo brings back exactly that. */
	readonly previous: Required<LambdaCode>;
	readonly scope: AwsScope;
	readonly reason: string;
}): ExecStep {
	const {functionName, code, previous} = options;
	const undoAction: UndoAction = {kind: 'restore-lambda-code', functionName, imageUri: previous.imageUri, architectures: [...previous.architectures]};
	const architectures = code.architectures?.length ? ` Architectures=[${code.architectures.join(', ')}]` : '';
	return {
		id: 'update-function-code',
		title: `Point function ${functionName} at ${code.imageUri}${architectures ? ` on ${code.architectures!.join(', ')}` : ''} (${options.reason})`,
		kind: 'aws',
		display: `lambda:UpdateFunctionCode FunctionName=${functionName} ImageUri=${code.imageUri}${architectures}, then lambda:GetFunction until LastUpdateStatus is Successful`,
		shell: lambdaCodeCommands(functionName, code, options.scope),
		mutating: true,
		intent: async () => undoAction,
		async run(context) {
			await context.aws.updateLambdaCode(functionName, code);
			await settled(context, functionName);
			const now = await context.account.getLambdaFunction(functionName);
			return {
				detail: `LastUpdateStatus Successful; it runs ${now.resolvedImageUri ?? code.imageUri} on ${now.architectures.join(', ')}`,
				change: {
					description: `Lambda function ${functionName} now runs ${now.resolvedImageUri ?? code.imageUri} on ${now.architectures.join(', ')} (was ${previous.imageUri} on ${previous.architectures.join(', ')})`,
					undo: lambdaCodeCommands(functionName, previous, options.scope).join(' && '),
					undoAction,
				},
			};
		},
	};
}
