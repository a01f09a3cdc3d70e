import {useInput, type Key} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {keyName} from './keys.js';

/** Enter and Tab as Ink reports them alone; Ink leaves them inside a chunk of text (they can be pasted). */
const keysInText: Record<string, Partial<Key>> = {'\r': {return: true}, '\t': {tab: true}};

/**
 * Typed keys can reach the app together in one chunk (fast typing, key repeat, a slow link):
 * each character is its own key, an Enter or Tab among them included. Escape sequences and
 * modified keys come alone and pass as they are.
 */
export function splitKeys(input: string, key: Key): readonly (readonly [string, Key])[] {
	const characters = [...input];
	if (characters.length <= 1 || keyName(input, key) !== undefined || key.ctrl || key.meta) return [[input, key]];
	return characters.map(character => {
		const special = keysInText[character];
		return special ? (['', {...key, ...special}] as const) : ([character, key] as const);
	});
}

/**
 * useInput, one key per render: keys that arrive in one chunk are handled in order, each after
 * the app has rendered what the key before it did. Handled in one go, a later key would read the
 * state from before the earlier one (a Tab then `c` would copy nothing).
 */
export function useKeys(handleKey: (input: string, key: Key) => void): void {
	const queue = useRef<(readonly [string, Key])[]>([]);
	const [turn, setTurn] = useState(0);

	const handleNext = () => {
		const next = queue.current.shift();
		if (next) handleKey(...next);
		if (queue.current.length > 0) setTurn(current => current + 1);
	};

	// `turn` only schedules the next queued key after a render.
	useEffect(() => {
		if (turn > 0) handleNext();
	}, [turn]);

	useInput((input, key) => {
		const idle = queue.current.length === 0;
		queue.current.push(...splitKeys(input, key));
		// A lone key, as most are, is handled at once; behind a queue it waits its turn.
		if (idle) handleNext();
	});
}
