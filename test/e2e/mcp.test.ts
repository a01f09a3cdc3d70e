/** The MCP server, as an AI assistant's client meets it: the SDK's own client, over stdio, against the built binary. */
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanEnv, cliPath} from '../helpers/cli.js';

const clients: Client[] = [];
afterEach(async () => {
	for (const client of clients.splice(0)) await client.close();
});

async function connect(args: readonly string[]): Promise<Client> {
	const client = new Client({name: 'execdoctor-test', version: '1.0.0'});
	const transport = new StdioClientTransport({command: process.execPath, args: [cliPath, 'mcp', ...args], env: cleanEnv(), stderr: 'pipe'});
	await client.connect(transport);
	clients.push(client);
	return client;
}

type Structured = Record<string, unknown> & {findings?: {id: string; code: string; status: string}[]};
const structured = (response: unknown) => (response as {structuredContent: Structured}).structuredContent;

describe('execdoctor mcp', () => {
	it('lists its read-only tools, and plan_fix only with --allow-fix', async () => {
		const client = await connect(['--scenario', 'seed-fargate']);
		const {tools} = await client.listTools();
		expect(tools.map(tool => tool.name).sort()).toEqual(['check', 'explain_finding', 'list_findings', 'scan']);
		for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
		const withFix = await connect(['--scenario', 'seed-fargate', '--allow-fix']);
		expect((await withFix.listTools()).tools.map(tool => tool.name)).toContain('plan_fix');
	});

	it('scans the built-in account, lists and explains its findings, and checks an image', async () => {
		const client = await connect(['--scenario', 'seed-fargate']);
		const scan = structured(await client.callTool({name: 'scan', arguments: {since: '24h'}}));
		expect(scan.findings!.map(finding => [finding.id, finding.code, finding.status])).toEqual([['ecs-service/observability/grafana', 'EXD101', 'failing']]);
		const listed = structured(await client.callTool({name: 'list_findings', arguments: {}}));
		expect(listed.findings).toHaveLength(1);
		const explained = structured(await client.callTool({name: 'explain_finding', arguments: {id: 'ecs-service/observability/grafana'}}));
		expect(explained.text).toContain('Host (this machine)');
		expect(explained.code).toMatchObject({code: 'EXD101', slug: 'image-lacks-platform', page: 'docs/codes/EXD101.md'});
		const missing = (await client.callTool({name: 'explain_finding', arguments: {id: 'nope'}})) as {isError?: boolean; content: {text: string}[]};
		expect(missing.isError).toBe(true);
		expect(missing.content[0]!.text).toContain('No finding nope; the findings are: ecs-service/observability/grafana.');
		const checked = structured(
			await client.callTool({
				name: 'check',
				arguments: {image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest', platforms: ['linux/amd64']},
			}),
		);
		expect(checked).toMatchObject({outcome: 'does-not-fit', results: [{code: 'EXD101'}]});
		// A tool that fails answers with an error result, in one line, and the server goes on.
		const failed = (await client.callTool({name: 'check', arguments: {ecsService: 'nope/nope'}})) as {isError?: boolean; content: {text: string}[]};
		expect(failed.isError).toBe(true);
		expect(failed.content[0]!.text).toBe('ECS cluster nope was not found (Cluster not found.).');
		expect((await client.listTools()).tools).toHaveLength(4);
	});

	it('plans a fix as a dry run: the steps, and nothing changed', async () => {
		const client = await connect(['--scenario', 'seed-fargate', '--allow-fix']);
		await client.callTool({name: 'scan', arguments: {}});
		const plan = structured(
			await client.callTool({name: 'plan_fix', arguments: {id: 'ecs-service/observability/grafana', strategy: 'repush', source: 'grafana/grafana:latest'}}),
		) as {dryRun: boolean; outcome: string; changes: unknown[]; plan: {steps: {id: string}[]}};
		expect(plan.dryRun).toBe(true);
		expect(plan.outcome).toBe('planned');
		expect(plan.changes).toEqual([]);
		expect(plan.plan.steps.map(step => step.id)).toContain('docker-push');
		// Still failing: the plan changed nothing.
		const again = structured(await client.callTool({name: 'scan', arguments: {}}));
		expect(again.findings![0]!.status).toBe('failing');
	});

	it('hands out account data as text, never as terminal control', async () => {
		const client = await connect(['--scenario', 'hostile']);
		const response = (await client.callTool({name: 'scan', arguments: {}})) as {content: {text: string}[]};
		expect(response.content[0]!.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
		expect(response.content[0]!.text).toContain('\\\\x1b]52;c;');
	});
});
