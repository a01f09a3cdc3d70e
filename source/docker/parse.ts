import type {HostReport} from '../diagnosis/types.js';
import {formatPlatform, makePlatform} from '../registry/platform.js';

type DockerInfo = {
	OSType?: string;
	Architecture?: string;
	ServerVersion?: string;
	DriverStatus?: [string, string][] | null;
};

/** `docker info --format '{{json .}}'` from a running daemon; undefined when the daemon answered nothing. */
export function hostFromDockerInfo(json: string): HostReport | undefined {
	let info: DockerInfo;
	try {
		info = JSON.parse(json) as DockerInfo;
	} catch {
		return undefined;
	}
	if (!info.OSType || !info.Architecture) return undefined;
	const containerd = (info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && value === 'io.containerd.snapshotter.v1');
	return {
		platform: formatPlatform(makePlatform(info.OSType, info.Architecture)),
		source: 'docker-daemon',
		containerdImageStore: containerd,
		...(info.ServerVersion ? {dockerVersion: info.ServerVersion} : {}),
	};
}

/** Node's `process.arch` names where they differ from Go's. */
const nodeArchitectures: Record<string, string> = {x64: 'amd64', ia32: '386', ppc64: 'ppc64le'};

/** When there is no daemon: this Node.js process's platform, marked as such. */
export function hostFromNode(platform: string, arch: string, why: string): HostReport {
	const os = platform === 'win32' ? 'windows' : platform;
	return {
		platform: formatPlatform(makePlatform(os, nodeArchitectures[arch] ?? arch)),
		source: 'node-process',
		containerdImageStore: null,
		note: `${why} Showing this Node.js process's platform instead; Docker Desktop on macOS and Windows runs linux/<same architecture>.`,
	};
}
