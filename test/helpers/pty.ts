/**
 * The built binary in a real pseudo-terminal, its output read through a headless terminal
 * emulator: what a person would see, cursor moves and partial redraws included.
 */
import xterm from '@xterm/headless';
import {spawn, type IPty} from 'node-pty';
import {cliPath} from './cli.js';

export type TerminalSession = {
	screen(): string;
	/** Which buffer the terminal shows: the app's alternate screen, or the shell's normal one. */
	buffer(): 'normal' | 'alternate';
	/** The shell's own screen, whatever the terminal shows now. */
	normalScreen(): string;
	waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
	press(keys: string): void;
	exit: Promise<number>;
	/** Milliseconds from spawn to the first output. */
	firstOutputMs: Promise<number>;
	kill(): void;
};

/** `args` run the binary; `shell` runs a command line, with the binary as "$EXECDOCTOR_NODE" "$EXECDOCTOR_CLI" (a pipeline, say). */
export function startTerminal(
	args: readonly string[],
	options: {env: Record<string, string>; columns?: number; rows?: number; shell?: string},
): TerminalSession {
	const columns = options.columns ?? 100;
	const rows = options.rows ?? 30;
	const terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true});
	const started = performance.now();
	const command = options.shell ? ['/bin/sh', ['-c', options.shell]] : [process.execPath, [cliPath, ...args]];
	const pty: IPty = spawn(command[0] as string, command[1] as string[], {
		name: 'xterm-256color',
		cols: columns,
		rows,
		env: {...options.env, TERM: 'xterm-256color', EXECDOCTOR_NODE: process.execPath, EXECDOCTOR_CLI: cliPath},
	});
	let resolveFirst: (ms: number) => void = () => {};
	const firstOutputMs = new Promise<number>(resolve => (resolveFirst = resolve));
	pty.onData(data => {
		resolveFirst(performance.now() - started);
		terminal.write(data);
	});
	const exit = new Promise<number>(resolve => pty.onExit(({exitCode}) => resolve(exitCode)));
	const text = (buffer: xterm.IBuffer) => {
		const lines: string[] = [];
		for (let index = 0; index < buffer.length; index++) lines.push(buffer.getLine(index)?.translateToString(true) ?? '');
		return lines.join('\n');
	};
	const screen = () => text(terminal.buffer.active);
	return {
		screen,
		buffer: () => terminal.buffer.active.type,
		normalScreen: () => text(terminal.buffer.normal),
		async waitFor(text, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				// xterm parses asynchronously: a write callback flushes what has arrived.
				await new Promise<void>(resolve => terminal.write('', resolve));
				const current = screen();
				if (typeof text === 'string' ? current.includes(text) : text.test(current)) return current;
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(text)}; the screen:\n${current}`);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		},
		press: keys => pty.write(keys),
		exit,
		firstOutputMs,
		kill: () => pty.kill(),
	};
}
