import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(root, 'dist/cli.js');

export type CliResult = {readonly code: number | null; readonly stdout: string; readonly stderr: string};

/** A clean environment: nothing from the developer's AWS setup or terminal leaks in. */
export function cleanEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
	const home = mkdtempSync(path.join(tmpdir(), 'execdoctor-home-'));
	const env: Record<string, string | undefined> = {
		PATH: process.env.PATH,
		HOME: home,
		AWS_CONFIG_FILE: path.join(home, '.aws/config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws/credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		...overrides,
	};
	return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Runs the built binary with stdin closed, as in a pipe or CI: it must never wait for input. */
export function runCli(
	args: readonly string[],
	options: {env?: Record<string, string>; script?: string; nodeArgs?: readonly string[]; timeoutMs?: number} = {},
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? cliPath, ...args], {
			env: options.env ?? cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`execdoctor ${args.join(' ')} did not finish within ${options.timeoutMs ?? 20_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
		}, options.timeoutMs ?? 20_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}

/** The environment that points the binary at a running simulator. */
export function simulatorEnv(url: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
	return cleanEnv({
		AWS_ENDPOINT_URL: url,
		AWS_REGION: 'ap-northeast-1',
		AWS_ACCESS_KEY_ID: 'AKIATESTTESTTESTTEST',
		AWS_SECRET_ACCESS_KEY: 'test-secret',
		...overrides,
	});
}

export const ansiPattern = /\u001B\[[0-9;]*[A-Za-z]/;
