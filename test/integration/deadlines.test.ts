/** Nothing waits forever: every attempt has a deadline, retries are bounded, and a scan has a budget. */
import {createServer, type Server} from 'node:http';
import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {AwsError, CannotRunError} from '../../source/errors.js';
import {findingFor, runScan, simulate} from '../helpers/simulated-aws.js';

const servers: (Server | net.Server)[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve))));
});

async function listen(server: Server | net.Server): Promise<string> {
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** Accepts every connection, reads what it is sent, and never answers. */
async function blackHole(): Promise<string> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('data', () => {});
	});
	server.on('close', () => sockets.forEach(socket => socket.destroy()));
	const url = await listen(server);
	const close = server.close.bind(server);
	server.close = (callback?: (error?: Error) => void) => {
		for (const socket of sockets) socket.destroy();
		return close(callback);
	};
	return url;
}

function pointAt(url: string) {
	Object.assign(process.env, {
		AWS_ENDPOINT_URL: url,
		AWS_REGION: 'eu-west-1',
		AWS_ACCESS_KEY_ID: 'AKIATESTTESTTESTTEST',
		AWS_SECRET_ACCESS_KEY: 'x',
		AWS_EC2_METADATA_DISABLED: 'true',
	});
}

describe('deadlines', () => {
	it('gives up on an endpoint that accepts connections and never answers, with one line, within its attempts', async () => {
		pointAt(await blackHole());
		const started = Date.now();
		const failure = await runScan({}, {attemptTimeoutMs: 300}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(AwsError);
		expect((failure as AwsError).kind).toBe('endpoint');
		expect((failure as AwsError).message).toMatch(
			/^The AWS endpoint for sts \(127\.0\.0\.1:\d+\) did not answer within 0\.3 s, 3 times, in region eu-west-1\. /,
		);
		expect((failure as AwsError).message).not.toContain('\n');
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('reports what it read when STS answers and ECS never does, naming what did not answer', async () => {
		await simulate('demo', {faults: {hang: ['ecs:*']}});
		const {report} = await runScan({}, {attemptTimeoutMs: 300});
		expect(findingFor(report, 'apprunner-service/grafana').verdict).toBe('architecture-mismatch');
		expect(report.warnings).toContainEqual(expect.objectContaining({code: 'endpoint', action: 'ecs:ListClusters'}));
	});

	it('searches each log group with FilterLogEvents when only GetQueryResults hangs', async () => {
		await simulate('seed-fargate', {faults: {hang: ['logs:GetQueryResults']}});
		const {report} = await runScan({}, {attemptTimeoutMs: 300});
		expect(report.searched.logSearch).toBe('filter');
		expect(report.warnings).toContainEqual(expect.objectContaining({action: 'logs:GetQueryResults'}));
		expect(findingFor(report, 'ecs-service/observability/grafana').evidence.some(item => item.kind === 'log-line')).toBe(true);
	});

	it("ends at the scan's budget with what it found, and a warning for each call that was still waiting", async () => {
		await simulate('demo', {faults: {latencyMs: action => (action === 'ecs:DescribeTaskDefinition' ? 60_000 : 0)}});
		const started = Date.now();
		const {report} = await runScan({}, {budgetMs: 1500});
		expect(Date.now() - started).toBeLessThan(4000);
		expect(report.warnings).toContainEqual(
			expect.objectContaining({
				code: 'deadline',
				action: 'ecs:DescribeTaskDefinition',
				message: expect.stringContaining("did not answer within the scan's 1.5 s budget"),
			}),
		);
		// Found before the budget ran out (its log lines, its failed create); its image was to be read after.
		const grafana = findingFor(report, 'apprunner-service/grafana');
		expect(grafana.evidence.some(item => item.kind === 'log-line')).toBe(true);
		expect(grafana.verdict).toBe('unknown');
		expect(grafana.image.unknownReason).toContain("did not answer within the scan's 1.5 s budget");
	});

	it('cannot run when nothing answers within the budget', async () => {
		await simulate('seed-fargate', {faults: {latencyMs: action => (action.startsWith('sts:') ? 0 : 60_000)}});
		await expect(runScan({}, {budgetMs: 1000})).rejects.toThrow(CannotRunError);
	});

	it.each([
		['an HTML page', 200, 'text/html', '<html><body><h1>Sign in to the corporate proxy</h1>\n<p>…</p></body></html>'],
		['a 502 with an HTML body', 502, 'text/html', '<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>'],
		['a 500 with no body', 500, 'text/plain', ''],
	])('says in one line that the endpoint answered %s, not AWS', async (_name, status, type, body) => {
		pointAt(await listen(createServer((_request, response) => response.writeHead(status, {'content-type': type}).end(body))));
		const failure = await runScan({}, {attemptTimeoutMs: 300}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(AwsError);
		const {message} = failure as AwsError;
		expect(message).toMatch(
			/^The AWS endpoint for sts \(127\.0\.0\.1:\d+\) answered HTTP \d+ (with an HTML page|with no AWS error|without an account id), not an AWS answer\. /,
		);
		expect(message).not.toContain('\n');
		expect(message.length).toBeLessThan(300);
	});
});
