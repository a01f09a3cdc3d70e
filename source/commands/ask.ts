import {createInterface} from 'node:readline/promises';
import type {Io} from '../io.js';

/** `[y/N]` on the terminal; anything but y or yes, a closed input or Ctrl-C, is no. */
export async function ask(io: Io, question: string): Promise<boolean> {
	const prompt = createInterface({input: io.stdin, output: io.stderr});
	try {
		return /^y(es)?$/i.test((await prompt.question(question)).trim());
	} catch {
		return false;
	} finally {
		prompt.close();
	}
}
