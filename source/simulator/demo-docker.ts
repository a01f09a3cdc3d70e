import type {HostReport} from '../diagnosis/types.js';
import {hostFromDockerInfo} from '../docker/parse.js';
import type {DockerPort} from '../ports/fix.js';
import type {SimAccount} from './account.js';
import {createDockerHost, runSimulatedDocker, type DockerHostOptions} from './docker-cli.js';

/**
 * The demo's machine: a simulated Apple Silicon Mac with Docker Desktop (containerd image
 * store), whose docker talks to the simulated account, so fixes run end to end in the demo.
 */
export function demoDocker(account: SimAccount, options: DockerHostOptions = {}): {docker: DockerPort; probeHost: () => Promise<HostReport>} {
	const host = createDockerHost(account, {architecture: 'arm64', containerdStore: true, ...options});
	// The Mac as the seed story leaves it: Grafana pulled (arm64, this machine's) and tagged for ECR.
	const ecr = `${account.registryHost}/grafana/grafana:latest`;
	if (account.repositories.has('grafana/grafana') && runSimulatedDocker(host, ['pull', 'grafana/grafana:latest']).exitCode === 0)
		runSimulatedDocker(host, ['tag', 'grafana/grafana:latest', ecr]);
	const docker: DockerPort = {
		async status() {
			const info = runSimulatedDocker(host, ['info']);
			return {
				installed: true,
				daemon: info.exitCode === 0,
				buildx: host.buildx,
				containerdImageStore: host.containerdStore,
				...(info.exitCode === 0 ? {} : {problem: info.stderr}),
			};
		},
		async run(args, runOptions = {}) {
			account.advance();
			return runSimulatedDocker(host, args, runOptions.input);
		},
	};
	const probeHost = async (): Promise<HostReport> => {
		const report = hostFromDockerInfo(runSimulatedDocker(host, ['info']).stdout)!;
		return {...report, dockerVersion: `${report.dockerVersion ?? ''} (simulated Apple Silicon Mac)`.trim()};
	};
	return {docker, probeHost};
}
