import {describe, expect, it} from 'vitest';
import {toAwsError} from '../../source/aws/errors.js';
import {hostFromDockerInfo, hostFromNode} from '../../source/docker/parse.js';
import {AwsError} from '../../source/errors.js';

const context = {region: 'ap-northeast-1', profile: 'prod'};
const named = (name: string, message = 'm', extra: object = {}) => Object.assign(new Error(message), {name, ...extra});

describe('toAwsError', () => {
	it.each([
		[named('CredentialsProviderError', 'Could not load credentials from any providers'), 'credentials', 'No AWS credentials found'],
		[
			named('CredentialsProviderError', "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."),
			'credentials',
			'aws sso login --profile prod',
		],
		[named('CredentialsProviderError', 'The SSO session associated with this profile has expired.'), 'credentials', 'SSO session has expired'],
		[
			named('CredentialsProviderError', 'Could not resolve credentials using profile: [prod] in configuration/credentials file(s).'),
			'credentials',
			'AWS profile "prod" was not found',
		],
		[named('Error', 'Region is missing'), 'region', 'No AWS region is set'],
		[named('ExpiredTokenException'), 'credentials', 'have expired'],
		[named('UnrecognizedClientException'), 'credentials', 'rejected the credentials'],
		[named('AccessDeniedException', 'User is not authorized'), 'access-denied', 'Access denied to logs:StartQuery'],
		[named('ThrottlingException'), 'throttled', 'throttled'],
		[named('ClusterNotFoundException', 'Cluster not found.'), 'not-found', 'Cluster not found.'],
		[named('InvalidParameterException', 'bad'), 'invalid-input', 'bad'],
		[named('Error', 'connect ECONNREFUSED 127.0.0.1:1', {code: 'ECONNREFUSED'}), 'endpoint', 'Could not reach the AWS endpoint for logs'],
		[
			named('Error', 'getaddrinfo ENOTFOUND logs.mars-1.amazonaws.com', {code: 'ENOTFOUND', hostname: 'logs.mars-1.amazonaws.com'}),
			'endpoint',
			'(logs.mars-1.amazonaws.com)',
		],
		[named('SomethingNew', 'odd'), 'service', 'SomethingNew: odd'],
	])('classifies %s', (error, kind, text) => {
		const mapped = toAwsError(error, 'logs:StartQuery', context);
		expect(mapped).toBeInstanceOf(AwsError);
		expect(mapped.kind).toBe(kind);
		expect(mapped.message).toContain(text);
		expect(mapped.message).not.toContain('\n');
	});

	it('names the action a nested call made', () => {
		expect(toAwsError(Object.assign(named('AccessDeniedException'), {$action: 'logs:GetQueryResults'}), 'logs:StartQuery', context).action).toBe(
			'logs:GetQueryResults',
		);
	});

	it('finds network codes in the cause chain', () => {
		const error = named('Error', 'fetch failed', {cause: {code: 'ECONNRESET'}});
		expect(toAwsError(error, 'ecs:ListClusters', context).kind).toBe('endpoint');
	});
});

describe('host platform', () => {
	it("reads the daemon's platform and the containerd image store from docker info", () => {
		const info = JSON.stringify({
			OSType: 'linux',
			Architecture: 'aarch64',
			ServerVersion: '28.2.2',
			DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']],
		});
		expect(hostFromDockerInfo(info)).toEqual({platform: 'linux/arm64', source: 'docker-daemon', containerdImageStore: true, dockerVersion: '28.2.2'});
		const classic = JSON.stringify({OSType: 'linux', Architecture: 'x86_64', DriverStatus: [['Backing Filesystem', 'extfs']]});
		expect(hostFromDockerInfo(classic)).toMatchObject({platform: 'linux/amd64', containerdImageStore: false});
	});

	it('refuses the empty answer a stopped daemon gives', () => {
		expect(hostFromDockerInfo(JSON.stringify({OSType: '', Architecture: '', ClientInfo: {Os: 'linux'}}))).toBeUndefined();
		expect(hostFromDockerInfo('not json')).toBeUndefined();
	});

	it('falls back to the Node.js process, marked as such', () => {
		expect(hostFromNode('darwin', 'arm64', 'Docker is not installed.')).toMatchObject({
			platform: 'darwin/arm64',
			source: 'node-process',
			containerdImageStore: null,
		});
		expect(hostFromNode('linux', 'x64', 'x').platform).toBe('linux/amd64');
	});
});
