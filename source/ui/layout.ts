import cliTruncate from 'cli-truncate';
import {wrap} from '../present/line.js';
import {safeText} from '../present/safe.js';

/** A status message wraps (a URL must be readable in full); it takes at most this many rows. */
export const maxStatusRows = 3;

export type StatusRow = {readonly text: string; readonly link?: string};

/** Only a URL of printable ASCII can be a link target: anything else would end the escape early. */
const linkable = /^https:\/\/[\x21-\x7e]+$/;

/**
 * The status as rows of `width`. A link execdoctor made (the console URL) gets a row of its own,
 * never wrapped: where it is wider than the terminal its text is cut, and the OSC 8 target stays whole.
 */
export function statusRows(status: string | undefined, width: number, link?: string): StatusRow[] {
	if (!status) return [];
	const at = link && linkable.test(link) ? status.indexOf(link) : -1;
	if (at < 0)
		return wrap(status, width)
			.slice(0, maxStatusRows)
			.map(row => ({text: row.segments[0]!.text}));
	const before = status.slice(0, at).trimEnd();
	const after = status.slice(at + link!.length).trim();
	const words = [before, after].filter(Boolean).join(' ');
	const rows = words
		? wrap(words, width)
				.slice(0, maxStatusRows - 1)
				.map(row => ({text: row.segments[0]!.text}))
		: [];
	return [...rows, {text: cliTruncate(safeText(link!), width, {position: 'middle'}), link: link!}];
}

/** OSC 8: terminals that know it show `text` as a link to `url`; the rest show `text`. */
export function hyperlink(url: string, text: string): string {
	return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}
