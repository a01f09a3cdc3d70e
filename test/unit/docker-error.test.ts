import {describe, expect, it} from 'vitest';
import {dockerErrorLine} from '../../source/registry/docker-output.js';

describe('the line a failed docker command is reported by', () => {
	it.each([
		[
			'buildx: progress first, the error last',
			[
				'#0 building with "default" instance using docker driver',
				'#1 [internal] load build definition from Dockerfile',
				'#1 transferring dockerfile: 2B done',
				'#1 DONE 0.0s',
				'ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory',
			].join('\n'),
			'ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory',
		],
		[
			'push: info logs, layer progress, then the denial',
			[
				'time="2026-12-01T10:00:00Z" level=info msg="pushing to registry"',
				'The push refers to repository [123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana]',
				'5f70bf18a086: Preparing',
				'5f70bf18a086: Waiting',
				'denied: Your authorization token has expired. Reauthenticate and try again.',
			].join('\n'),
			'denied: Your authorization token has expired. Reauthenticate and try again.',
		],
		[
			'pull: a warning, then the error',
			"WARNING: The requested image's platform (linux/arm64) does not match the detected host platform\nError response from daemon: manifest for grafana/grafana:nope not found: manifest unknown: manifest unknown",
			'Error response from daemon: manifest for grafana/grafana:nope not found: manifest unknown: manifest unknown',
		],
		[
			'one line',
			'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
			'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
		],
	])('%s', (_name, stderr, expected) => {
		expect(dockerErrorLine({exitCode: 1, stdout: '', stderr})).toBe(expected);
	});

	it('falls back to stdout, then to the exit code', () => {
		expect(dockerErrorLine({exitCode: 1, stdout: 'something on stdout\n', stderr: ''})).toBe('something on stdout');
		expect(dockerErrorLine({exitCode: 125, stdout: '', stderr: '\n'})).toBe('exit code 125');
	});
});
