/** What the docker CLI prints, read: why a command failed, and the platform `docker image inspect` shows. */
import {makePlatform, type Platform} from './platform.js';

/** What docker prints while it works: BuildKit progress, log lines, layer progress, warnings. */
const progress = [
	/^#\d+ /,
	/\blevel=(trace|debug|info|warning)\b/i,
	/^WARNING:/i,
	/^[0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Pulling fs layer|Pulling|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Layer already exists|Already exists)/,
	/^(The push refers to repository|Using default tag:|latest: Pulling from|Digest: sha256:|Status: )/,
];
const failure = /error|denied|unauthori[sz]ed|forbidden|not found|no such|failed|refused|invalid|unknown|cannot|timed out/i;

/**
 * The line that says why a docker command failed: the last one that is not progress (docker
 * and BuildKit print the error last), preferring one that reads as an error.
 */
export function dockerErrorLine(result: {readonly exitCode: number; readonly stdout: string; readonly stderr: string}): string {
	for (const output of [result.stderr, result.stdout]) {
		const lines = output
			.split('\n')
			.map(line => line.trim())
			.filter(Boolean);
		const said = lines.filter(line => !progress.some(pattern => pattern.test(line)));
		const found = said.findLast(line => failure.test(line)) ?? said.at(-1) ?? lines.at(-1);
		if (found) return found;
	}
	return `exit code ${result.exitCode}`;
}

/** `docker image inspect --format '{{json .}}'`: what the daemon stores for the image. */
export type InspectedImage = {readonly Os?: string; readonly Architecture?: string; readonly Variant?: string; readonly Id?: string};

export function inspectedPlatform(details: InspectedImage): Platform {
	return makePlatform(details.Os ?? 'unknown', details.Architecture ?? 'unknown', details.Variant);
}
