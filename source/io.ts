export type Env = Readonly<Record<string, string | undefined>>;

/** Where a command writes: injectable, so tests run commands in-process. */
export type Io = {
	readonly stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	readonly stderr: NodeJS.WritableStream & {isTTY?: boolean};
	readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	readonly env: Env;
};

export function processIo(): Io {
	return {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env};
}
