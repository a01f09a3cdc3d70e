import type {HostReport} from '../diagnosis/types.js';
import {hostFromDockerInfo, hostFromNode} from './parse.js';
import {DockerMissingError, runDocker} from './run.js';

/** The local Docker daemon's platform and image store, or this process's platform without one. */
export async function probeHost(): Promise<HostReport> {
	try {
		const result = await runDocker(['info', '--format', '{{json .}}'], {timeoutMs: 4000});
		const host = result.exitCode === 0 ? hostFromDockerInfo(result.stdout) : undefined;
		if (host) return host;
		const reason = result.stderr.split('\n').find(line => line.trim()) ?? `docker info exited with ${result.exitCode}`;
		return hostFromNode(process.platform, process.arch, `The Docker daemon is not running (${reason.trim()}).`);
	} catch (error) {
		if (error instanceof DockerMissingError) return hostFromNode(process.platform, process.arch, 'Docker is not installed (docker was not found on PATH).');
		return hostFromNode(process.platform, process.arch, `Docker could not be asked (${error instanceof Error ? error.message : String(error)}).`);
	}
}
