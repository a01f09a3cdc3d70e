/**
 * `execdoctor mcp`: the Model Context Protocol on stdio (the official TypeScript SDK), so an AI
 * assistant can ask what is failing and why. Every tool only reads; `plan_fix`, a dry run that
 * changes nothing, is there only with --allow-fix, and no tool ever applies a change. Results are
 * the JSON documents of the command line, every string made terminal-safe: log lines and names
 * are written by others, and an assistant may echo them into a terminal.
 */
import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js';
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js';
import {z} from 'zod';
import {codeDocPath, findingCodes} from '../diagnosis/codes.js';
import type {ScanReport} from '../diagnosis/types.js';
import {describeFatalError} from '../errors.js';
import {fixInputProblem, strategies, type CheckTargetOption} from '../options.js';
import {findingLines} from '../present/finding.js';
import {renderLines} from '../output/text.js';
import {createStyle} from '../output/style.js';
import {safeText} from '../present/safe.js';
import {parsePlatform} from '../registry/platform.js';
import {runCheck} from '../reading/check-image.js';
import type {Session} from '../session/session.js';
import {scanSession, type ScanRequest} from '../session/scan.js';
import {checkPortsOf} from '../session/check-ports.js';
import {version} from '../help.js';

/** Every string of a document, as a terminal may show it. */
export function sanitised(value: unknown): unknown {
	if (typeof value === 'string') return safeText(value);
	if (Array.isArray(value)) return value.map(sanitised);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, sanitised(member)]));
	return value;
}

type Result = {content: {type: 'text'; text: string}[]; structuredContent?: Record<string, unknown>; isError?: boolean};

function result(document: Record<string, unknown>): Result {
	const clean = sanitised(document) as Record<string, unknown>;
	return {content: [{type: 'text', text: JSON.stringify(clean, null, 2)}], structuredContent: clean};
}

function failure(error: unknown): Result {
	return {content: [{type: 'text', text: safeText(describeFatalError(error))}], isError: true};
}

/** A tool's answer, or its error as an error result: a tool never throws at the client. */
function answering<Input>(run: (input: Input) => Promise<Result>): (input: Input) => Promise<Result> {
	return async input => {
		try {
			return await run(input);
		} catch (error) {
			return failure(error);
		}
	};
}

const readOnly = {readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true} as const;

const scanInput = {
	since: z.string().optional().describe('how far back: 30m, 6h, 2d or an ISO date (default 24h)'),
	cluster: z.string().optional().describe('only this ECS cluster'),
	service: z.string().optional().describe('only this ECS service'),
	appRunnerService: z.string().optional().describe('only this App Runner service'),
	lambdaFunction: z.string().optional().describe('only this Lambda function'),
};

export async function serveMcp(session: Session, options: {readonly allowFix: boolean}): Promise<void> {
	const server = new McpServer({name: 'execdoctor', version});
	let last: ScanReport | undefined;
	const scanned = async (request: Partial<ScanRequest> = {}) => {
		last = await scanSession(session, {since: request.since ?? '24h', ...request});
		return last;
	};
	const latest = async () => last ?? (await scanned());

	server.registerTool(
		'scan',
		{
			title: 'Scan for exec format error',
			description:
				'Scans the AWS account (CloudWatch Logs, ECS, App Runner, Lambda, ECR) for exec format error and traces each failing workload to its image digest. Returns the scan report: findings with verdict, stable code (EXD101…), evidence, platforms and suggested fixes.',
			inputSchema: scanInput,
			annotations: readOnly,
		},
		answering(async input => {
			return result(await scanned(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<ScanRequest>));
		}),
	);

	server.registerTool(
		'list_findings',
		{
			title: 'List the findings',
			description:
				'The findings of the last scan (a scan of the last 24 hours if none ran yet), one line each: id, code, verdict, state, workload, last failure.',
			annotations: readOnly,
		},
		answering(async () => {
			const report = await latest();
			return result({
				account: report.account,
				region: report.region,
				window: report.window,
				findings: report.findings.map(finding => ({
					id: finding.id,
					code: finding.code,
					verdict: finding.verdict,
					status: finding.status,
					workload: finding.workload,
					lastFailureAt: finding.lastFailureAt,
					summary: finding.summary,
				})),
			});
		}),
	);

	server.registerTool(
		'explain_finding',
		{
			title: 'Explain a finding',
			description:
				'One finding of the last scan in full: what failed, the Host / Image / Service platforms, the evidence, why, the fixes to consider, and what its code means.',
			inputSchema: {id: z.string().describe('the finding id, from list_findings')},
			annotations: readOnly,
		},
		answering(async ({id}) => {
			const report = await latest();
			const finding = report.findings.find(candidate => candidate.id === id);
			if (!finding) return failure(new Error(`No finding ${id}; the findings are: ${report.findings.map(candidate => candidate.id).join(', ') || 'none'}.`));
			const text = renderLines(findingLines(finding, report.host, {width: 100, wholeCommands: true, readOnly: !options.allowFix}), createStyle(false));
			return result({finding, code: {code: finding.code, ...findingCodes[finding.code], page: codeDocPath(finding.code)}, text});
		}),
	);

	server.registerTool(
		'check',
		{
			title: 'Check an image before a deploy',
			description:
				'Whether an image fits what it will run on: platforms, an ECS service, a task definition revision, App Runner, or a Lambda function. Reads ECR (and the program the image starts, where the label fits); changes nothing. outcome fits, does-not-fit or could-not-check.',
			inputSchema: {
				image: z.string().optional().describe('an ECR image reference, or a path to an OCI layout or docker save tarball'),
				platforms: z.array(z.string()).optional().describe('e.g. ["linux/amd64", "linux/arm64"]'),
				ecsService: z.string().optional().describe('CLUSTER/SERVICE'),
				taskDefinition: z.string().optional().describe('FAMILY:REVISION'),
				appRunner: z.boolean().optional(),
				lambdaFunction: z.string().optional(),
			},
			annotations: readOnly,
		},
		answering(async input => {
			const given = [input.platforms, input.ecsService, input.taskDefinition, input.appRunner, input.lambdaFunction].filter(value => value !== undefined);
			if (given.length !== 1) return failure(new Error('Give one target: platforms, ecsService, taskDefinition, appRunner or lambdaFunction.'));
			let target: CheckTargetOption;
			if (input.platforms) {
				const platforms = input.platforms.map(value => parsePlatform(value));
				if (platforms.some(platform => !platform)) return failure(new Error(`Not a platform: ${input.platforms.join(', ')}.`));
				target = {kind: 'platforms', platforms: platforms.map(platform => platform!)};
			} else if (input.ecsService) {
				const [cluster, service] = input.ecsService.split('/');
				if (!cluster || !service) return failure(new Error('ecsService is CLUSTER/SERVICE.'));
				target = {kind: 'ecs-service', cluster, service};
			} else if (input.taskDefinition) target = {kind: 'task-definition', revision: input.taskDefinition};
			else if (input.appRunner) target = {kind: 'app-runner'};
			else target = {kind: 'lambda', functionName: input.lambdaFunction!};
			if (!input.image && target.kind !== 'ecs-service' && target.kind !== 'task-definition') return failure(new Error('Name the image to check.'));
			const report = await runCheck({...(input.image ? {image: input.image} : {}), target, layerBytes: session.layerBytes}, checkPortsOf(session));
			return result(report as unknown as Record<string, unknown>);
		}),
	);

	if (options.allowFix) {
		server.registerTool(
			'plan_fix',
			{
				title: 'Plan a fix (dry run)',
				description:
					'The exact steps execdoctor fix would take for a finding, as a dry run: nothing is changed, and no tool applies it. A person applies it with execdoctor fix … --yes after reading the plan.',
				inputSchema: {
					id: z.string().describe('the finding id'),
					strategy: z.enum(strategies).describe('a fix the finding suggests'),
					source: z.string().optional().describe('the image to pull or copy the platform from'),
					tag: z.string().optional().describe('push to this tag instead of the same one'),
				},
				annotations: {readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true},
			},
			answering(async input => {
				const problem = fixInputProblem(
					{...(input.source ? {source: input.source} : {}), ...(input.tag ? {tag: input.tag} : {})},
					{source: 'source', tag: 'tag'},
				);
				if (problem) return failure(new Error(problem));
				const report = await latest();
				const finding = report.findings.find(candidate => candidate.id === input.id);
				if (!finding) return failure(new Error(`No finding ${input.id}.`));
				const [{fixTargetOf}, {runFix}] = await Promise.all([import('../fixes/target.js'), import('../session/run-fix.js')]);
				const outcome = fixTargetOf(finding.workload);
				if ('refusal' in outcome) return failure(new Error(outcome.refusal));
				const plan = await runFix(
					{
						strategy: input.strategy,
						target: outcome.target,
						cwd: process.cwd(),
						...(input.source ? {source: input.source} : {}),
						...(input.tag ? {tag: input.tag} : {}),
					},
					session,
					// A dry run: the plan is shown and nothing is asked, nothing is changed.
					{dryRun: true, confirm: async () => false},
				);
				return result(plan as unknown as Record<string, unknown>);
			}),
		);
	}

	const transport = new StdioServerTransport();
	const closed = new Promise<void>(resolve => {
		transport.onclose = () => resolve();
	});
	await server.connect(transport);
	// The client closing stdin ends the session.
	process.stdin.on('end', () => void server.close());
	await closed;
}
