/**
 * The walkthrough's Markdown (headings, paragraphs, lists, code, tables, inline code, bold,
 * links) as terminal lines. marked's lexer parses; this only lays out.
 */
import {lexer, type Token, type Tokens} from 'marked';
import stringWidth from 'string-width';
import {blank, commandWords, pad, truncate, wrap, type Line, type Segment, type Tone} from '../present/line.js';

type Inline = {text: string; tone?: Tone};

function inlineOf(tokens: readonly Token[] | undefined, base?: Tone): Inline[] {
	const parts: Inline[] = [];
	for (const token of tokens ?? []) {
		switch (token.type) {
			case 'codespan': {
				parts.push({
					text: (token as Tokens.Codespan).text
						.replace(/&#39;/g, "'")
						.replace(/&quot;/g, '"')
						.replace(/&amp;/g, '&')
						.replace(/&lt;/g, '<')
						.replace(/&gt;/g, '>'),
					tone: 'code',
				});
				break;
			}
			case 'strong': {
				parts.push(...inlineOf((token as Tokens.Strong).tokens, 'strong'));
				break;
			}
			case 'em': {
				parts.push(...inlineOf((token as Tokens.Em).tokens, base));
				break;
			}
			case 'link': {
				const link = token as Tokens.Link;
				parts.push(...inlineOf(link.tokens, 'accent'), {text: ` (${link.href})`, tone: 'muted'});
				break;
			}
			case 'text': {
				const text = token as Tokens.Text;
				if (text.tokens) parts.push(...inlineOf(text.tokens, base));
				else parts.push({text: decode(text.text), ...(base ? {tone: base} : {})});
				break;
			}
			default: {
				parts.push({text: decode('text' in token ? String(token.text) : token.raw), ...(base ? {tone: base} : {})});
			}
		}
	}
	return parts;
}

function decode(text: string): string {
	return text
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** Word-wraps styled text, keeping each word's tone. */
export function wrapInline(parts: readonly Inline[], width: number, indent: number, firstIndent = indent): Line[] {
	const words: Segment[] = [];
	for (const part of parts) {
		for (const piece of part.text.split(/(\s+)/)) if (piece) words.push({text: piece.replace(/\s+/g, ' '), ...(part.tone ? {tone: part.tone} : {})});
	}
	const lines: Line[] = [];
	let current: Segment[] = [{text: ' '.repeat(firstIndent)}];
	let start = firstIndent;
	let used = firstIndent;
	const flush = () => {
		while (current.length > 1 && current.at(-1)!.text === ' ') current.pop();
		lines.push({segments: current});
		current = [{text: ' '.repeat(indent)}];
		start = indent;
		used = indent;
	};
	for (const word of words) {
		const size = stringWidth(word.text);
		if (word.text === ' ') {
			if (used > start) {
				current.push(word);
				used += 1;
			}
			continue;
		}
		if (used + size > width && used > start) flush();
		if (size > width - indent) {
			for (const row of wrap(word.text, width - indent)) {
				current.push({text: row.segments[0]!.text, ...(word.tone ? {tone: word.tone} : {})});
				flush();
			}
			continue;
		}
		current.push(word);
		used += size;
	}
	if (used > start || lines.length === 0) flush();
	return lines;
}

/** A table row: columns set apart by runs of spaces. Wrapping one would scramble its columns. */
const tableRow = /\S {2,}\S/;

type CodeKind = 'shell' | 'text';

/**
 * One code row as terminal rows: never broken inside a word or a quoted string, so what is
 * read (and pasted) is what was written. A shell command continues on the next row after ` \`,
 * which a shell reads as the same command; a table row or a word wider than the terminal is
 * cut at the edge instead (c copies a command whole).
 */
function codeRowLines(row: string, width: number, indent: number, kind: CodeKind, copy?: {anchor: string; text: string}): Line[] {
	const leading = row.length - row.trimStart().length;
	const text = row.trimStart();
	const first = indent + leading;
	const selectable = copy ? {anchor: copy.anchor, copy: copy.text} : {};
	const cut = (value: string, at: number): Line => ({
		segments: [{text: ' '.repeat(at) + truncate(value, Math.max(10, width - at)), tone: 'code'}],
		...selectable,
	});
	if (stringWidth(text) <= width - first || tableRow.test(text)) return [cut(text, first)];
	const words = commandWords(text);
	const continuation = kind === 'shell' ? ' \\' : '';
	const rows: string[] = [];
	let current = '';
	for (const word of words) {
		const at = rows.length === 0 ? first : first + 4;
		if (current && stringWidth(`${current} ${word}${continuation}`) > width - at) {
			rows.push(current);
			current = word;
		} else current = current ? `${current} ${word}` : word;
	}
	rows.push(current);
	return rows.map((value, index) => cut(index < rows.length - 1 ? `${value}${continuation}` : value, index === 0 ? first : first + 4));
}

/** Commands: the rows of a shell block, and `$ ` rows anywhere; each can be selected (tab) and copied (c). */
function codeLines(text: string, width: number, indent: number, kind: CodeKind, anchors: {next: number}): Line[] {
	return text.split('\n').flatMap(row => {
		const command = kind === 'shell' ? row.trim() : row.trimStart().startsWith('$ ') ? row.trimStart().slice(2).trim() : undefined;
		const copy = command && !command.startsWith('#') ? {anchor: `learn-command-${anchors.next++}`, text: command} : undefined;
		return codeRowLines(row, width, indent, copy || kind === 'shell' ? 'shell' : 'text', copy);
	});
}

function tableLines(table: Tokens.Table, width: number): Line[] {
	const header = table.header.map(cell =>
		inlineOf(cell.tokens)
			.map(part => part.text)
			.join(''),
	);
	const rows = table.rows.map(row =>
		row.map(cell =>
			inlineOf(cell.tokens)
				.map(part => part.text)
				.join(''),
		),
	);
	const widths = header.map((_, column) => Math.max(stringWidth(header[column]!), ...rows.map(row => stringWidth(row[column] ?? ''))));
	const render = (cells: readonly string[], tone?: Tone): Line => ({
		segments: [{text: `  ${cells.map((cell, column) => pad(cell, widths[column]!)).join('  ')}`.slice(0, width + 2), ...(tone ? {tone} : {})}],
	});
	return [render(header, 'strong'), ...rows.map(row => render(row))];
}

export type LiveState = {readonly output?: string; readonly pending: string};

function blockLines(token: Token, width: number, live: (name: string) => LiveState, anchors: {next: number}, indent = 0): Line[] {
	switch (token.type) {
		case 'heading': {
			const heading = token as Tokens.Heading;
			return [...wrapInline(inlineOf(heading.tokens, heading.depth === 1 ? 'accent' : 'strong'), width, indent), blank];
		}
		case 'paragraph': {
			return [...wrapInline(inlineOf((token as Tokens.Paragraph).tokens), width, indent), blank];
		}
		case 'list': {
			const list = token as Tokens.List;
			const lines: Line[] = [];
			list.items.forEach((item, index) => {
				const marker = list.ordered ? `${Number(list.start || 1) + index}. ` : '• ';
				const [first, ...rest] = item.tokens;
				const firstInline =
					first && (first.type === 'text' || first.type === 'paragraph')
						? inlineOf((first as Tokens.Text).tokens ?? [{type: 'text', raw: first.raw, text: (first as Tokens.Text).text} as Tokens.Text])
						: [];
				lines.push(...wrapInline([{text: marker}, ...firstInline], width, indent + marker.length, indent));
				for (const nested of firstInline.length > 0 ? rest : item.tokens) {
					if (nested.type === 'space') continue;
					lines.push(
						...blockLines(nested, width, live, anchors, indent + marker.length).filter(
							(line, position, all) => !(line === blank && position === all.length - 1),
						),
					);
				}
			});
			return [...lines, blank];
		}
		case 'code': {
			const code = token as Tokens.Code;
			const liveName = /^live ([a-z-]+)$/.exec(code.lang ?? '')?.[1];
			if (liveName) {
				const state = live(liveName);
				if (state.output === undefined) return [{segments: [{text: ' '.repeat(indent + 2)}, {text: state.pending, tone: 'muted'}]}, blank];
				return [...codeLines(state.output, width, indent + 2, 'text', anchors), blank];
			}
			return [...codeLines(code.text, width, indent + 2, /^(sh|bash|shell|console)$/.test(code.lang ?? '') ? 'shell' : 'text', anchors), blank];
		}
		case 'table': {
			return [...tableLines(token as Tokens.Table, width), blank];
		}
		case 'space': {
			return [];
		}
		default: {
			return 'text' in token ? [...wrapInline([{text: decode(String(token.text))}], width, indent), blank] : [];
		}
	}
}

/** A chapter as terminal lines; live blocks show their output, or `pending` until it arrives. */
export function markdownLines(markdown: string, width: number, live: (name: string) => LiveState): Line[] {
	const anchors = {next: 0};
	const lines = lexer(markdown).flatMap(token => blockLines(token, width, live, anchors));
	while (lines.at(-1) === blank) lines.pop();
	return lines;
}
