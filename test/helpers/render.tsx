/**
 * Ink rendering for tests, like ink-testing-library's but with a chosen terminal size. Tests
 * wait for content, never for time: `waitFor` polls the last frame until it matches.
 */
import {EventEmitter} from 'node:events';
import {render as inkRender, type Instance} from 'ink';
import type {ReactElement} from 'react';

class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	frames: string[] = [];
	raw = '';

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (chunk: string, ...rest: unknown[]) => {
		this.raw += chunk;
		// Ink's debug mode writes a whole frame per render; a lone newline is the unmount write,
		// and an empty write is the barrier whose callback tells Ink every write is done.
		if (chunk !== '\n' && chunk !== '' && !chunk.startsWith('\u001B]52;')) this.frames.push(chunk);
		const callback = rest.find(item => typeof item === 'function') as (() => void) | undefined;
		if (callback) setImmediate(callback);
		return true;
	};

	lastFrame(): string {
		return this.frames.at(-1) ?? '';
	}
}

class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	write(data: string) {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	}
}

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	left: '\u001B[D',
	right: '\u001B[C',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	pageDown: '\u001B[6~',
	ctrlC: '\u0003',
	backspace: '\u007F',
} as const;

export type Rendered = {
	readonly stdout: FakeStdout;
	readonly instance: Instance;
	lastFrame(): string;
	press(input: string): Promise<void>;
	waitFor(expected: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	unmount(): void;
};

export const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g, '');

export function renderTui(tree: ReactElement, size: {columns?: number; rows?: number} = {}): Rendered {
	const stdout = new FakeStdout(size.columns ?? 100, size.rows ?? 30);
	const stdin = new FakeStdin();
	const stderr = new FakeStdout(size.columns ?? 100, size.rows ?? 30);
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
		interactive: true,
	});
	const rendered: Rendered = {
		stdout,
		instance,
		lastFrame: () => stdout.lastFrame(),
		async press(input) {
			const before = stdout.frames.length;
			stdin.write(input);
			// Let React commit and re-subscribe input handlers before the next key.
			await new Promise(resolve => setImmediate(resolve));
			if (stdout.frames.length === before) await new Promise(resolve => setTimeout(resolve, 0));
		},
		async waitFor(expected, timeoutMs = 5000) {
			const matches = (frame: string) =>
				typeof expected === 'string' ? stripAnsi(frame).includes(expected) : expected instanceof RegExp ? expected.test(stripAnsi(frame)) : expected(frame);
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const frame = stdout.lastFrame();
				if (matches(frame)) return frame;
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(expected)}; last frame:\n${stripAnsi(frame)}`);
				await new Promise(resolve => setTimeout(resolve, 5));
			}
		},
		unmount: () => instance.unmount(),
	};
	return rendered;
}
