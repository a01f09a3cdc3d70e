import {execa, type ResultPromise} from 'execa';

export type DockerResult = {readonly exitCode: number; readonly stdout: string; readonly stderr: string};

/** Docker is not installed (not on PATH). A daemon that is down still runs the CLI, which then fails. */
export class DockerMissingError extends Error {
	override readonly name = 'DockerMissingError';
}

/** docker children that are running: ended when execdoctor ends, since their own process group outlives it. */
const running = new Set<ResultPromise>();
let exitHookInstalled = false;

function endChildrenOnExit(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) child.kill('SIGTERM');
	});
}

/**
 * Runs the docker CLI with captured output (never inherited: Ink may own the terminal).
 * `input` goes to stdin, which is how passwords reach `docker login --password-stdin`.
 *
 * The child gets a process group of its own: a terminal's Ctrl-C signals the whole foreground
 * group, and a push must not die with the keypress that asked execdoctor to stop *after* it.
 * Cancelling (`signal`, a second Ctrl-C) still ends it.
 */
export async function runDocker(args: readonly string[], options: {input?: string; timeoutMs?: number; signal?: AbortSignal} = {}): Promise<DockerResult> {
	endChildrenOnExit();
	try {
		const child = execa('docker', args, {
			reject: false,
			detached: true,
			stdin: options.input === undefined ? 'ignore' : 'pipe',
			...(options.input === undefined ? {} : {input: options.input}),
			timeout: options.timeoutMs ?? 10 * 60_000,
			...(options.signal ? {cancelSignal: options.signal} : {}),
			stripFinalNewline: true,
			env: {DOCKER_CLI_HINTS: 'false'},
		});
		running.add(child);
		const result = await child.finally(() => running.delete(child));
		if (result.failed && (result as {code?: string}).code === 'ENOENT') throw new DockerMissingError('docker was not found on PATH.');
		if (result.timedOut) return {exitCode: 124, stdout: String(result.stdout ?? ''), stderr: `docker ${args[0]} timed out`};
		return {exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '')};
	} catch (error) {
		if (error instanceof DockerMissingError) throw error;
		if ((error as {code?: string}).code === 'ENOENT') throw new DockerMissingError('docker was not found on PATH.');
		throw error;
	}
}
