/** `1 service`, `2 services`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
	return `${count} ${count === 1 ? word : pluralWord}`;
}

/** Ends `text` as a sentence, so another can follow: tools' error lines often stop without one. */
export function asSentence(text: string): string {
	const trimmed = text.trimEnd();
	return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
