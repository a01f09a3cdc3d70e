import {useInput, type Key} from 'ink';
import {keyName, type KeyName} from './keys.js';

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
 * Every key, in order, as its printable input and special name. The handler dispatches to a
 * reducer, so keys that arrive together each act on the state the key before them left.
 */
export function useKeys(onKey: (input: string, name: KeyName | undefined) => void): void {
	useInput((input, key) => {
		for (const [character, split] of splitKeys(input, key)) onKey(character, keyName(character, split));
	});
}
