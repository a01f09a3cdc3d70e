import {describe, expect, it} from 'vitest';
import {fillLiveBlocks, liveBlocksOf} from '../../source/learn/chapters.js';
import {markdownLines} from '../../source/learn/markdown-lines.js';
import {lineWidth, type Line} from '../../source/present/line.js';

const text = (lines: Line[]) => lines.map(line => line.segments.map(segment => segment.text).join('')).join('\n');
const pending = () => ({pending: '… running'});

describe('markdownLines', () => {
	const markdown = `# Title

Some \`code\` and **bold** text with a [link](https://example.com).

- first item
- second item with \`more code\`

\`\`\`sh
{
  "indented": true
}
\`\`\`

| a | bb |
| --- | --- |
| 1 | 2 |

\`\`\`live host
sample
\`\`\`
`;

	it('lays out headings, paragraphs, lists, code and tables', () => {
		const out = text(markdownLines(markdown, 79, pending));
		expect(out).toContain('Title');
		expect(out).toContain('Some code and bold text with a link (https://example.com).');
		expect(out).toContain('• first item');
		expect(out).toContain('• second item with more code');
		expect(out).toContain('  {\n    "indented": true\n  }');
		expect(out).toMatch(/ {2}a {2}bb\n {2}1 {2}2 /);
	});

	it('keeps tones: code, bold, heading', () => {
		const lines = markdownLines(markdown, 79, pending);
		const segments = lines.flatMap(line => line.segments);
		expect(segments.find(segment => segment.text === 'code')?.tone).toBe('code');
		expect(segments.find(segment => segment.text === 'bold')?.tone).toBe('strong');
		expect(segments.find(segment => segment.text === 'Title')?.tone).toBe('accent');
	});

	it("shows a live block's output, or its pending text until it arrives", () => {
		expect(text(markdownLines(markdown, 79, pending))).toContain('… running');
		const filled = text(markdownLines(markdown, 79, name => ({output: `live output for ${name}`, pending: '… running'})));
		expect(filled).toContain('live output for host');
		expect(filled).not.toContain('sample');
	});

	it('wraps to the width', () => {
		const long = `A paragraph ${'with many words '.repeat(20)}and a \`${'x'.repeat(120)}\` token.`;
		for (const line of markdownLines(long, 60, pending)) expect(lineWidth(line)).toBeLessThanOrEqual(60);
	});
});

describe('live blocks in Markdown', () => {
	it('finds and fills them', () => {
		const source = 'Text\n\n```live images\nold\n```\n\n```live ci\nold\n```\n';
		expect(liveBlocksOf(source)).toEqual(['images', 'ci']);
		expect(fillLiveBlocks(source, {images: 'new\n'})).toBe('Text\n\n```live images\nnew\n```\n\n```live ci\nold\n```\n');
	});
});
