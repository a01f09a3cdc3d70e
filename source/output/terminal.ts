import {safeText} from '../present/safe.js';

type Writable = {write(text: string): unknown};

/** One line for a terminal (stderr progress, a warning, an error): shown, never obeyed. */
export function writeLine(stream: Writable, text: string): void {
	stream.write(`${safeText(text)}\n`);
}

/** Text of many lines for a terminal, each line made safe (the walkthrough's Markdown, with its live output). */
export function safeLines(text: string): string {
	return text
		.split('\n')
		.map(row => safeText(row))
		.join('\n');
}
