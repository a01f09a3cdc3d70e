/**
 * Lambda's REST JSON API (paths under /2015-03-31/functions): the calls execdoctor makes to find
 * image functions, read what they run, and point them at a fixed image.
 */
import type {SimAccount} from '../account.js';
import {SimError} from '../errors.js';
import {updateLambdaCode} from '../lambda-engine.js';
import type {SimLambdaFunction} from '../model.js';
import {page} from '../pagination.js';
import {compact, type Handler} from './context.js';

/** `2026-11-24T09:30:00.000+0000`, as Lambda writes LastModified. */
const lambdaTime = (millis: number) => new Date(millis).toISOString().replace('Z', '+0000');

function configuration(lambda: SimLambdaFunction) {
	return compact({
		FunctionName: lambda.name,
		FunctionArn: lambda.arn,
		Role: lambda.role,
		CodeSize: 0,
		Description: '',
		Timeout: lambda.timeout,
		MemorySize: lambda.memorySize,
		LastModified: lambdaTime(lambda.lastModified),
		Version: '$LATEST',
		PackageType: lambda.zipRuntime ? 'Zip' : 'Image',
		Runtime: lambda.zipRuntime,
		Handler: lambda.zipRuntime ? 'app.handler' : undefined,
		Architectures: lambda.architectures,
		State: 'Active',
		LastUpdateStatus: lambda.lastUpdateStatus,
		LastUpdateStatusReason: lambda.lastUpdateStatusReason,
		LastUpdateStatusReasonCode: lambda.lastUpdateStatusReasonCode,
		RevisionId: `${lambda.lastModified.toString(16)}-0000-4000-8000-000000000000`,
	});
}

function requireFunction(account: SimAccount, name: unknown): SimLambdaFunction {
	const key = String(name ?? '')
		.split(':function:')
		.at(-1)!
		.split(':')[0]!;
	const lambda = account.lambdaFunctions.get(key);
	if (!lambda) throw new SimError('ResourceNotFoundException', `Function not found: ${account.arn('lambda', `function:${key}`)}`, 404);
	return lambda;
}

export const lambdaHandlers: Record<string, Handler> = {
	ListFunctions(account, input, context) {
		const functions = [...account.lambdaFunctions.values()].sort((a, b) => a.name.localeCompare(b.name));
		const result = page(functions, {
			token: input.Marker,
			maxResults: input.MaxItems,
			defaultMax: 50,
			limit: 50,
			pageSize: context.pageSize,
			scope: 'lambda:functions',
			tokenError: 'Invalid Marker.',
		});
		return compact({Functions: result.items.map(configuration), NextMarker: result.nextToken});
	},

	GetFunction(account, input) {
		const lambda = requireFunction(account, input.FunctionName);
		if (lambda.zipRuntime)
			return {
				Configuration: configuration(lambda),
				Code: {
					RepositoryType: 'S3',
					Location: `https://awslambda-${account.region}-tasks.s3.${account.region}.amazonaws.com/snapshots/${account.accountId}/${lambda.name}`,
				},
			};
		return {Configuration: configuration(lambda), Code: {RepositoryType: 'ECR', ImageUri: lambda.imageUri, ResolvedImageUri: lambda.resolvedImageUri}};
	},

	UpdateFunctionCode(account, input, context) {
		const lambda = requireFunction(account, input.FunctionName);
		if (lambda.zipRuntime) throw new SimError('InvalidParameterValueException', "Please don't provide ImageUri when updating a function with packageType Zip.");
		if (typeof input.ImageUri !== 'string' || !input.ImageUri)
			throw new SimError('InvalidParameterValueException', 'Please provide ImageUri when updating a function with packageType Image.');
		const architectures = input.Architectures as unknown;
		if (
			architectures !== undefined &&
			(!Array.isArray(architectures) || architectures.length !== 1 || !['x86_64', 'arm64'].includes(String(architectures[0])))
		) {
			throw new SimError(
				'ValidationException',
				"1 validation error detected: Value at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1, and each member must be x86_64 or arm64",
			);
		}
		updateLambdaCode(account, lambda, input.ImageUri, architectures as ('x86_64' | 'arm64')[] | undefined, context.now);
		return configuration(lambda);
	},
};

/** The operation a REST path names, and its path parameters. */
export function lambdaRoute(method: string, url: string): {operation: string; input: Record<string, unknown>} | undefined {
	const {pathname, searchParams} = new URL(url, 'http://localhost');
	const query = Object.fromEntries(searchParams);
	if (method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(pathname)) return {operation: 'ListFunctions', input: query};
	const code = /^\/2015-03-31\/functions\/([^/]+)\/code$/.exec(pathname);
	if (method === 'PUT' && code) return {operation: 'UpdateFunctionCode', input: {FunctionName: decodeURIComponent(code[1]!)}};
	const one = /^\/2015-03-31\/functions\/([^/]+)$/.exec(pathname);
	if (method === 'GET' && one) return {operation: 'GetFunction', input: {...query, FunctionName: decodeURIComponent(one[1]!)}};
	return undefined;
}
