/**
 * What a person reads, as one-row lines of toned segments: the app draws them with Ink
 * (source/ui), the plain report joins them (source/output). Built for a width, so a view can
 * show exactly the rows that fit and scroll without measuring React trees.
 */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {bounded, safeText} from './safe.js';

/** Longer text is cut (with a note) before it is laid out: a 50 MB value must not become 50 MB of rows. */
export const maxTextBytes = 8 * 1024;

export type Tone = 'bad' | 'good' | 'warn' | 'muted' | 'strong' | 'accent' | 'code' | 'selected';

export type Segment = {readonly text: string; readonly tone?: Tone};

export type Line = {
	readonly segments: readonly Segment[];
	/** Marks a selectable line (a command), so the view can scroll to it; a wrapped command's rows share it. */
	readonly anchor?: string;
	/** What copying the selected line puts on the clipboard: the whole command, unwrapped. */
	readonly copy?: string;
};

export const blank: Line = {segments: []};

/** One row of segments, each shown as text (safeText), never as terminal control. */
export function line(...segments: (Segment | string)[]): Line {
	return {segments: segments.map(segment => (typeof segment === 'string' ? {text: safeText(segment)} : {...segment, text: safeText(segment.text)}))};
}

export function truncate(value: string, width: number): string {
	if (width <= 0) return '';
	const text = safeText(bounded(value, maxTextBytes));
	return stringWidth(text) <= width ? text : cliTruncate(text, width, {position: 'end'});
}

export function pad(text: string, width: number): string {
	const fitted = truncate(text, width);
	return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}

/** Word-wraps plain text to `width`, with a hanging indent for the lines after the first. */
export type WrapOptions = {tone?: Tone; indent?: number; firstIndent?: number; anchor?: string; copy?: string};

export function wrap(text: string, width: number, options: WrapOptions = {}): Line[] {
	const indent = options.indent ?? 0;
	const firstIndent = options.firstIndent ?? indent;
	const available = Math.max(10, width - Math.max(indent, firstIndent));
	// Made safe before wrapping: wrap-ansi would carry an escape sequence over to every row.
	const shown = safeText(bounded(text, maxTextBytes));
	const rows = shown === '' ? [''] : wrapAnsi(shown, available, {hard: true}).split('\n');
	return rows.map((row, index) => ({
		segments: [{text: ' '.repeat(index === 0 ? firstIndent : indent) + row, ...(options.tone ? {tone: options.tone} : {})}],
		...(options.anchor ? {anchor: options.anchor} : {}),
		...(options.copy ? {copy: options.copy} : {}),
	}));
}

export function lineWidth(value: Line): number {
	return value.segments.reduce((sum, segment) => sum + stringWidth(segment.text), 0);
}

/** A command a person copies: `$ command`, selectable, wrapped only where the surface allows. */
export function commandLines(command: string, width: number, options: {indent: number; anchor?: string; whole: boolean; prefix?: string}): Line[] {
	const safe = safeText(command);
	const text = `${options.prefix ?? '$ '}${safe}`;
	const copyable = {...(options.anchor ? {anchor: options.anchor} : {}), copy: safe};
	if (options.whole) return [{segments: [{text: ' '.repeat(options.indent) + text, tone: 'code'}], ...copyable}];
	return shellRows(text, width, options.indent).map(row => ({segments: [{text: row, tone: 'code' as const}], ...copyable}));
}

/** Words of a command (or a JSON row), a quoted string ('…' or "…") being one word whatever spaces it holds. */
export function commandWords(text: string): string[] {
	return text.match(/(?:"(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s"'])+/g) ?? [text];
}

/**
 * A command as rows of `width`: broken only between words, each broken row ending in ` \\` as a
 * shell continues a command; a word wider than a row (a digest) is the one thing cut, by characters.
 */
export function shellRows(command: string, width: number, indent: number): string[] {
	const first = ' '.repeat(indent);
	const next = ' '.repeat(indent + 2);
	if (stringWidth(command) + indent <= width) return [first + command];
	// Each row, and whether it ends between words (then ` \\` continues the command) or inside one (or a comment).
	const rows: {text: string; cut: boolean}[] = [];
	let current = '';
	const room = () => width - (rows.length === 0 ? indent : indent + 2) - 2;
	// In a `# comment` a backslash continues nothing: its rows end without one.
	let comment = false;
	for (const word of commandWords(command)) {
		const candidate = current ? `${current} ${word}` : word;
		if (stringWidth(candidate) <= room()) {
			current = candidate;
			comment ||= word.startsWith('#');
			continue;
		}
		if (current) rows.push({text: current, cut: comment});
		comment ||= word.startsWith('#');
		current = word;
		// A word wider than any row (a digest) is cut where it must be; c copies it whole.
		while (stringWidth(current) > room()) {
			const cut = Math.max(1, room());
			rows.push({text: current.slice(0, cut), cut: true});
			current = current.slice(cut);
		}
	}
	rows.push({text: current, cut: false});
	return rows.map((row, index) => `${index === 0 ? first : next}${row.text}${index < rows.length - 1 && !row.cut ? ' \\' : ''}`);
}
