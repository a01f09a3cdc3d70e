/**
 * The one terminal-safety layer. Log lines, names, reasons, manifests and error messages are
 * written by others; in a terminal, a control sequence among them is an instruction (set the
 * clipboard, retitle the window, clear the screen, recolour what follows). Every string shown in
 * a terminal passes through `safeText`, which shows such characters as visible escapes (`\x1b`,
 * `\u202e`) instead: C0 and C1 controls, DEL, bidirectional overrides and zero-width characters.
 * `--json` keeps the exact strings; JSON escapes them itself.
 */

const named: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'};

// C0 (with ESC, BEL, BS, CR, LF, TAB), DEL, C1 (with CSI 0x9b), the bidi embeddings, overrides and
// isolates with the Arabic letter mark and LRM/RLM, the zero-width space, joiners and word joiner,
// the line and paragraph separators, and the byte-order mark.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function visible(character: string): string {
	const code = character.codePointAt(0)!;
	return named[character] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** A value the way a terminal can show it and nothing else: idempotent, so it can be applied at every layer. */
export function safeText(text: string): string {
	return text.replace(unsafe, visible);
}

/** Whether `text` would reach a terminal unchanged. */
export function isSafeText(text: string): boolean {
	unsafe.lastIndex = 0;
	return !unsafe.test(text);
}

/**
 * At most `limit` bytes of a value (a 50 MB log line must not take the terminal or the heap with
 * it), cut at a character and saying how much is left out.
 */
export function bounded(text: string, limit: number): string {
	if (text.length <= limit / 4 || Buffer.byteLength(text) <= limit) return text;
	let kept = text.slice(0, limit);
	while (Buffer.byteLength(kept) > limit) kept = kept.slice(0, Math.floor(kept.length * 0.9));
	// Never split a surrogate pair.
	if (/[\ud800-\udbff]$/.test(kept)) kept = kept.slice(0, -1);
	const more = Buffer.byteLength(text) - Buffer.byteLength(kept);
	return `${kept}… ${more} bytes more, --json has it whole`;
}
