/**
 * A loopback HTTP server speaking the AWS wire protocols execdoctor's SDK clients use:
 * JSON 1.1 (ECS, ECR, CloudWatch Logs) and JSON 1.0 (App Runner) routed by X-Amz-Target,
 * REST JSON for Lambda (routed by path), query/XML for STS, plus the pre-signed blob URLs ECR hands out.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {SimAccount} from './account.js';
import {appRunnerReadHandlers} from './api/apprunner.js';
import {appRunnerWriteHandlers} from './api/apprunner-write.js';
import type {Handler, RequestContext} from './api/context.js';
import {ecrHandlers} from './api/ecr.js';
import {ecsReadHandlers} from './api/ecs.js';
import {ecsWriteHandlers} from './api/ecs-write.js';
import {lambdaHandlers, lambdaRoute} from './api/lambda.js';
import {logsHandlers} from './api/logs.js';
import {openLiveTail, streamLiveTail} from './api/live-tail.js';
import {accountOfAccessKey, assumeRoleResponse, stsError, stsResponse} from './api/sts.js';
import {iamResponse} from './api/iam.js';
import {accountHandlers, accountRoute} from './api/account-regions.js';
import {createDockerHost, runSimulatedDocker, type DockerHostOptions, type SimDockerHost} from './docker-cli.js';
import {SimError} from './errors.js';
import {defaultFaults, hangs, isDenied, isUnavailable, latencyFor, poisoned, Throttle, type Faults} from './faults.js';

type Protocol = {readonly iamPrefix: string; readonly contentType: string; readonly handlers: Record<string, Handler>};

const lambdaProtocol: Protocol = {iamPrefix: 'lambda', contentType: 'application/json', handlers: lambdaHandlers};
const accountProtocol: Protocol = {iamPrefix: 'account', contentType: 'application/json', handlers: accountHandlers};

const targets: Record<string, Protocol> = {
	AmazonEC2ContainerServiceV20141113: {iamPrefix: 'ecs', contentType: 'application/x-amz-json-1.1', handlers: {...ecsReadHandlers, ...ecsWriteHandlers}},
	AmazonEC2ContainerRegistry_V20150921: {iamPrefix: 'ecr', contentType: 'application/x-amz-json-1.1', handlers: ecrHandlers},
	Logs_20140328: {iamPrefix: 'logs', contentType: 'application/x-amz-json-1.1', handlers: logsHandlers},
	AppRunner: {iamPrefix: 'apprunner', contentType: 'application/x-amz-json-1.0', handlers: {...appRunnerReadHandlers, ...appRunnerWriteHandlers}},
};

export type CallRecord = {
	readonly action: string;
	readonly status: number;
	readonly code?: string;
	readonly at: number;
	readonly input?: Record<string, unknown>;
};

export type SimulatorOptions = {
	/** The account and region a request lands in unless its key or region says otherwise. */
	readonly account: SimAccount;
	/** More of the world: the same account in other regions, other accounts (reached by AssumeRole, or by a key naming them). */
	readonly others?: readonly SimAccount[];
	readonly faults?: Partial<Faults>;
	/** Items per page on list calls; AWS often returns fewer than asked, so should we. */
	readonly pageSize?: number;
	readonly port?: number;
	/** How often a Live Tail session sends an update; AWS sends one a second. */
	readonly liveTailTickMs?: number;
	/** The docker host that test/fixtures/bin/docker drives through POST /__sim/docker. */
	readonly docker?: DockerHostOptions;
};

export type Simulator = {
	readonly url: string;
	readonly account: SimAccount;
	readonly faults: Faults;
	readonly calls: CallRecord[];
	readonly docker: SimDockerHost;
	/** Calls per IAM action, for the benchmark and for tests that count calls. */
	countCalls(): Record<string, number>;
	close(): Promise<void>;
};

function regionOf(request: IncomingMessage): string | undefined {
	const authorization = request.headers.authorization ?? '';
	return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1];
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
	const primary = options.account;
	const faults: Faults = {...defaultFaults(), ...options.faults};
	const pageSize = options.pageSize ?? 5;
	const accounts = new Map<string, SimAccount>([[`${primary.accountId}|${primary.region}`, primary]]);
	for (const other of options.others ?? []) accounts.set(`${other.accountId}|${other.region}`, other);
	const knownAccounts = new Set([...accounts.values()].map(account => account.accountId));
	for (const account of accounts.values()) account.elsewhere = (registryId, region) => accounts.get(`${registryId}|${region}`);
	let assumed = 0;
	const throttle = new Throttle();
	const calls: CallRecord[] = [];
	const docker = createDockerHost(primary, options.docker);
	let requestCounter = 0;

	const accountFor = (region: string, accountId = primary.accountId): SimAccount => {
		let account = accounts.get(`${accountId}|${region}`);
		if (!account) {
			// Every other region of a known account exists and is empty.
			const home = [...accounts.values()].find(candidate => candidate.accountId === accountId) ?? primary;
			account = new SimAccount({
				accountId,
				region,
				principal: home.principalArn,
				timing: home.timing,
			});
			account.enabledRegions = home.enabledRegions;
			accounts.set(`${accountId}|${region}`, account);
		}
		return account;
	};
	/** The account a request's access key names (an assumed role's, a test profile's), else the primary one. */
	const accountIdOf = (request: IncomingMessage): string => {
		const key = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
		const named = accountOfAccessKey(key);
		return named && knownAccounts.has(named) ? named : primary.accountId;
	};

	const send = (response: ServerResponse, status: number, contentType: string, body: string | Buffer, requestId: string) => {
		response.writeHead(status, {'content-type': contentType, 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body)});
		response.end(body);
	};

	const handleBlob = (request: IncomingMessage, response: ServerResponse, requestId: string) => {
		const match = /^\/__blobs\/([^/]+)\/([^/]+)\/(sha256:[0-9a-f]{64})/.exec(request.url ?? '');
		const account = match
			? [...accounts.values()].find(
					candidate => candidate.region === match[1] && candidate.repositories.get(decodeURIComponent(match[2]!))?.blobs.has(match[3]!),
				)
			: undefined;
		const blob = match ? account?.repositories.get(decodeURIComponent(match[2]!))?.blobs.get(match[3]!) : undefined;
		if (!blob) {
			send(response, 404, 'application/xml', '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>', requestId);
			return;
		}
		send(response, 200, 'application/octet-stream', blob, requestId);
	};

	const server: Server = createServer(async (request, response) => {
		const requestId = `sim-${++requestCounter}`;
		try {
			if (request.method === 'GET' && request.url?.startsWith('/__blobs/')) {
				const delay = latencyFor(faults, 's3:GetObject');
				if (delay > 0) await sleep(delay);
				calls.push({action: 's3:GetObject', status: 200, at: Date.now()});
				handleBlob(request, response, requestId);
				return;
			}
			const body = await readBody(request);
			if (request.method === 'POST' && request.url === '/__sim/docker') {
				const {argv, input} = JSON.parse(body) as {argv: string[]; input?: string};
				primary.advance();
				send(response, 200, 'application/json', JSON.stringify(runSimulatedDocker(docker, argv, input)), requestId);
				return;
			}
			const target = request.headers['x-amz-target'];
			// Lambda speaks REST JSON: the path names the operation.
			const lambdaCall = !target && request.url?.startsWith('/2015-03-31/') ? lambdaRoute(request.method ?? 'GET', request.url) : undefined;
			const accountCall = !target && !lambdaCall ? accountRoute(request.method ?? 'GET', request.url ?? '') : undefined;
			const rest = lambdaCall ?? accountCall;
			const isQuery = !target && !rest && String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
			const [prefix, operation] = rest ? ['REST', rest.operation] : typeof target === 'string' ? target.split('.') : [];
			const protocol = lambdaCall ? lambdaProtocol : accountCall ? accountProtocol : prefix ? targets[prefix] : undefined;
			const parameters = isQuery ? new URLSearchParams(body) : undefined;
			// Query/XML is STS's and IAM's: the signature's scope names the service.
			const queryService = /Credential=[^/]+\/\d{8}\/[^/]+\/(iam)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'sts';
			const action = protocol ? `${protocol.iamPrefix}:${operation}` : `${queryService}:${parameters?.get('Action') ?? ''}`;
			const contentType = protocol?.contentType ?? 'text/xml';

			const fail = (failure: SimError) => {
				const error = faults.hostile ? new SimError(failure.code, `${failure.message}${faults.hostile}`, failure.status) : failure;
				calls.push({action, status: error.status, code: error.code, at: Date.now()});
				if (isQuery) send(response, error.status === 400 ? 403 : error.status, 'text/xml', stsError(error.code, error.message, requestId), requestId);
				else if (rest) {
					const payload = JSON.stringify({Type: 'User', message: error.message});
					response.writeHead(error.status, {
						'content-type': contentType,
						'x-amzn-requestid': requestId,
						'x-amzn-errortype': error.code,
						'content-length': Buffer.byteLength(payload),
					});
					response.end(payload);
				} else send(response, error.status, contentType, JSON.stringify({__type: error.code, message: error.message}), requestId);
			};
			if (!target && request.url?.startsWith('/2015-03-31/') && !rest)
				return fail(new SimError('UnknownOperationException', `No route for ${request.method} ${request.url}`, 404));

			if (!protocol && !isQuery) return fail(new SimError('UnknownOperationException', `Unknown target ${String(target)}`));
			const liveTail = protocol?.iamPrefix === 'logs' && operation === 'StartLiveTail';
			if (protocol && !liveTail && !protocol.handlers[operation ?? ''])
				return fail(new SimError('UnknownOperationException', `Unknown operation ${operation}`));
			const region = regionOf(request);
			if (!region) return fail(new SimError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403));

			const delay = latencyFor(faults, action);
			if (delay > 0) await sleep(delay);
			if (hangs(faults, action) || faults.regions?.[region] === 'unreachable') {
				calls.push({action, status: 0, code: 'NoAnswer', at: Date.now()});
				return;
			}

			if (faults.credentials === 'expired')
				return fail(new SimError(isQuery ? 'ExpiredToken' : 'ExpiredTokenException', 'The security token included in the request is expired'));
			if (faults.credentials === 'invalid')
				return fail(new SimError(isQuery ? 'InvalidClientTokenId' : 'UnrecognizedClientException', 'The security token included in the request is invalid.'));
			const account = accountFor(region, accountIdOf(request));
			if (!throttle.allow(faults, action, Date.now(), `${account.accountId}|${region}`))
				return fail(new SimError(isQuery ? 'Throttling' : 'ThrottlingException', 'Rate exceeded'));
			if (isDenied(faults, action) || faults.regions?.[region] === 'denied') {
				return fail(
					new SimError(
						isQuery ? 'AccessDenied' : 'AccessDeniedException',
						`User: ${account.principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
					),
				);
			}
			if (isUnavailable(faults, action)) return fail(new SimError('ServiceUnavailableException', 'Service is currently unavailable.', 503));

			try {
				const now = account.now();
				account.advance(now);
				if (isQuery) {
					const assumedIn = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(parameters!.get('RoleArn') ?? '')?.[1];
					const xml =
						queryService === 'iam'
							? iamResponse(account, parameters!, requestId, candidate => isDenied(faults, candidate))
							: parameters!.get('Action') === 'AssumeRole'
								? assumeRoleResponse(
										account,
										assumedIn && knownAccounts.has(assumedIn) ? accountFor(region, assumedIn) : undefined,
										parameters!,
										requestId,
										++assumed,
										now,
									)
								: stsResponse(account, parameters!, requestId);
					calls.push({action, status: 200, at: Date.now()});
					send(response, 200, 'text/xml', xml, requestId);
					return;
				}
				let input: Record<string, unknown>;
				try {
					input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
				} catch {
					return fail(new SimError('SerializationException', 'Could not parse the request body.'));
				}
				const context: RequestContext = {origin: `http://${request.headers.host ?? '127.0.0.1'}`, now, pageSize};
				if (rest) input = {...input, ...rest.input};
				if (liveTail) {
					const session = openLiveTail(account, input, now);
					calls.push({action, status: 200, at: Date.now(), input});
					streamLiveTail(account, session, response, {
						tickMs: options.liveTailTickMs ?? 1000,
						requestId,
						dress: payload => (faults.hostile ? poisoned(payload, faults.hostile) : payload),
					});
					return;
				}
				const answer = protocol!.handlers[operation!]!(account, input, context);
				const output = faults.hostile ? poisoned(answer, faults.hostile) : answer;
				calls.push({action, status: 200, at: Date.now(), input});
				send(response, 200, contentType, JSON.stringify(output), requestId);
			} catch (error) {
				if (error instanceof SimError) return fail(error);
				throw error;
			}
		} catch (error) {
			const simError = error instanceof SimError ? error : new SimError('InternalFailure', error instanceof Error ? error.message : String(error), 500);
			if (!response.headersSent) {
				calls.push({action: 'unknown', status: simError.status, code: simError.code, at: Date.now()});
				send(response, simError.status, 'application/x-amz-json-1.1', JSON.stringify({__type: simError.code, message: simError.message}), requestId);
			}
		}
	});

	await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		account: primary,
		faults,
		calls,
		docker,
		countCalls() {
			const counts: Record<string, number> = {};
			for (const call of calls) counts[call.action] = (counts[call.action] ?? 0) + 1;
			return counts;
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
