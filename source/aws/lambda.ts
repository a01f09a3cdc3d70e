import {GetFunctionCommand, paginateListFunctions, type FunctionConfiguration, type LambdaClient} from '@aws-sdk/client-lambda';
import type {LambdaFunction, LambdaFunctionSummary} from '../ports/account.js';

function summaryOf(configuration: FunctionConfiguration): LambdaFunctionSummary {
	const optional = {
		lastUpdateStatusReason: configuration.LastUpdateStatusReason,
		lastUpdateStatusReasonCode: configuration.LastUpdateStatusReasonCode,
		lastModified: configuration.LastModified ? new Date(configuration.LastModified.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : undefined,
		state: configuration.State,
		lastUpdateStatus: configuration.LastUpdateStatus,
	};
	return {
		name: configuration.FunctionName ?? '',
		arn: configuration.FunctionArn ?? '',
		packageType: configuration.PackageType ?? 'Zip',
		architectures: configuration.Architectures ?? ['x86_64'],
		...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
	};
}

/** Every function, every page; execdoctor looks at image functions only. */
export async function listFunctions(client: LambdaClient): Promise<LambdaFunctionSummary[]> {
	const functions: LambdaFunctionSummary[] = [];
	for await (const page of paginateListFunctions({client, pageSize: 50}, {})) for (const item of page.Functions ?? []) functions.push(summaryOf(item));
	return functions;
}

export async function getFunction(client: LambdaClient, name: string): Promise<LambdaFunction> {
	const output = await client.send(new GetFunctionCommand({FunctionName: name}));
	return {
		...summaryOf(output.Configuration ?? {}),
		...(output.Code?.ImageUri ? {imageUri: output.Code.ImageUri} : {}),
		...(output.Code?.ResolvedImageUri ? {resolvedImageUri: output.Code.ResolvedImageUri} : {}),
	};
}
