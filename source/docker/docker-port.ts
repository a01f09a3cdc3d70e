import type {DockerPort, DockerStatus} from '../ports/fix.js';
import {hostFromDockerInfo} from './parse.js';
import {DockerMissingError, runDocker} from './run.js';

/** The local docker CLI, for fixes. */
export const localDocker: DockerPort = {
	async status(): Promise<DockerStatus> {
		try {
			const info = await runDocker(['info', '--format', '{{json .}}'], {timeoutMs: 5000});
			const host = info.exitCode === 0 ? hostFromDockerInfo(info.stdout) : undefined;
			const buildx = (await runDocker(['buildx', 'version'], {timeoutMs: 5000})).exitCode === 0;
			const problem = host ? undefined : (info.stderr.split('\n').find(line => line.trim()) ?? `docker info exited with ${info.exitCode}`).trim();
			return {installed: true, daemon: Boolean(host), buildx, containerdImageStore: host?.containerdImageStore ?? false, ...(problem ? {problem} : {})};
		} catch (error) {
			if (error instanceof DockerMissingError) return {installed: false, daemon: false, buildx: false, containerdImageStore: false, problem: error.message};
			throw error;
		}
	},
	run(args, options = {}) {
		return runDocker(args, {...(options.input === undefined ? {} : {input: options.input}), ...(options.signal ? {signal: options.signal} : {})});
	},
};
