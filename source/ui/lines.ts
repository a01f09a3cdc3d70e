/**
 * Screens are built as arrays of one-row lines, wrapped and truncated here, so a view can
 * show exactly the rows that fit and scroll without measuring React trees.
 */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

export type Tone = 'bad' | 'good' | 'warn' | 'muted' | 'strong' | 'accent' | 'code' | 'selected';

export type Segment = {readonly text: string; readonly tone?: Tone};

export type Line = {
	readonly segments: readonly Segment[];
	/** Marks a selectable line (a command), so the view can scroll to it. */
	readonly anchor?: string;
};

export const blank: Line = {segments: []};

export function line(...segments: (Segment | string)[]): Line {
	return {segments: segments.map(segment => (typeof segment === 'string' ? {text: segment} : segment))};
}

export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	return stringWidth(text) <= width ? text : cliTruncate(text, width, {position: 'end'});
}

export function pad(text: string, width: number): string {
	const fitted = truncate(text, width);
	return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}

/** Word-wraps plain text to `width`, with a hanging indent for the lines after the first. */
export function wrap(text: string, width: number, options: {tone?: Tone; indent?: number; firstIndent?: number; anchor?: string} = {}): Line[] {
	const indent = options.indent ?? 0;
	const firstIndent = options.firstIndent ?? indent;
	const available = Math.max(10, width - Math.max(indent, firstIndent));
	const rows = text === '' ? [''] : wrapAnsi(text, available, {hard: true}).split('\n');
	return rows.map((row, index) => ({
		segments: [{text: ' '.repeat(index === 0 ? firstIndent : indent) + row, ...(options.tone ? {tone: options.tone} : {})}],
		...(options.anchor ? {anchor: options.anchor} : {}),
	}));
}

export function lineWidth(value: Line): number {
	return value.segments.reduce((sum, segment) => sum + stringWidth(segment.text), 0);
}
