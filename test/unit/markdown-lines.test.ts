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

describe('code in the walkthrough', () => {
	const rows = (lines: Line[]) => lines.map(line => line.segments.map(segment => segment.text).join(''));

	it('breaks a long shell command only between words, with a \\ a shell reads as the same command', () => {
		const command = `docker buildx imagetools create --tag 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest --annotation 'index:org.opencontainers.image.title=grafana, every platform' grafana/grafana:latest`;
		const lines = markdownLines(`\`\`\`sh\n${command}\n\`\`\`\n`, 80, pending);
		const shown = rows(lines);
		expect(shown.length).toBeGreaterThan(1);
		for (const row of shown) expect(row.length).toBeLessThanOrEqual(80);
		for (const row of shown.slice(0, -1)) expect(row).toMatch(/ \\$/);
		// Joined as a shell joins them, the rows are the command.
		expect(
			shown
				.map(row => row.trim())
				.join('\n')
				.replace(/ \\\n/g, ' '),
		).toBe(command);
		// The quoted annotation, spaces and all, is on one row.
		expect(shown.some(row => row.includes("'index:org.opencontainers.image.title=grafana, every platform'"))).toBe(true);
		// Every row of it selects and copies the whole command.
		expect(new Set(lines.map(line => line.anchor)).size).toBe(1);
		expect(lines.every(line => line.copy === command)).toBe(true);
	});

	it('never breaks a JSON string, and cuts a table row at the edge instead of scrambling its columns', () => {
		const json = `{"message": "exec /usr/local/bin/grafana-server: exec format error at start", "logStream": "ecs/grafana/4c1f2a9e77b04e5c"}`;
		const shown = rows(markdownLines(`\`\`\`json\n${json}\n\`\`\`\n`, 80, pending));
		expect(shown.some(row => row.includes('"exec /usr/local/bin/grafana-server: exec format error at start",'))).toBe(true);
		expect(shown.join(' ').replace(/\s+/g, ' ').trim()).toBe(json);
		const table = 'ECS service shop/checkout (log_router)  shop/fluent-bit:custom     manifest  linux/arm64/v8 and a much longer tail';
		const cut = rows(markdownLines(`\`\`\`live images\nold\n\`\`\`\n`, 80, () => ({output: table, pending: ''})));
		expect(cut).toHaveLength(1);
		expect(cut[0]!.length).toBeLessThanOrEqual(80);
		expect(cut[0]).toMatch(/…$/);
	});

	it('makes each `$ ` row of an output a command to select and copy, without the prompt', () => {
		const output = '$ execdoctor scan --json > report.json; echo "exit code $?"\nexit code 1';
		const lines = markdownLines('```live ci\nold\n```\n', 80, () => ({output, pending: ''}));
		expect(lines.filter(line => line.anchor).map(line => line.copy)).toEqual(['execdoctor scan --json > report.json; echo "exit code $?"']);
	});
});

describe('the chapters', () => {
	it('show each live block once: no table is repeated', async () => {
		const {chapters} = await import('../../source/learn/chapters.js');
		const blocks = chapters.flatMap(chapter => liveBlocksOf(chapter.markdown));
		expect(blocks).toEqual([...new Set(blocks)]);
	});
});

describe('live blocks in Markdown', () => {
	it('finds and fills them', () => {
		const source = 'Text\n\n```live images\nold\n```\n\n```live ci\nold\n```\n';
		expect(liveBlocksOf(source)).toEqual(['images', 'ci']);
		expect(fillLiveBlocks(source, {images: 'new\n'})).toBe('Text\n\n```live images\nnew\n```\n\n```live ci\nold\n```\n');
	});
});
