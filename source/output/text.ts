import type {Line} from '../present/line.js';
import {safeText} from '../present/safe.js';
import type {Style} from './style.js';

/** Lines as terminal text: each segment in its tone's style, one row per line, without the padding a table leaves at its end. */
export function renderLines(lines: readonly Line[], style: Style): string {
	return lines.map(line => renderSegments(trimEnd(line.segments), style)).join('\n');
}

function trimEnd(segments: Line['segments']): Line['segments'] {
	const kept = [...segments];
	while (kept.length > 0 && kept.at(-1)!.text.trim() === '') kept.pop();
	const last = kept.at(-1);
	return last ? [...kept.slice(0, -1), {...last, text: last.text.trimEnd()}] : kept;
}

function renderSegments(segments: Line['segments'], style: Style): string {
	// The last gate before the terminal: nothing a line carries is obeyed.
	return segments.map(segment => (segment.tone ? style[segment.tone](safeText(segment.text)) : safeText(segment.text))).join('');
}
