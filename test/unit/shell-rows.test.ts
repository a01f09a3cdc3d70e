import {describe, expect, it} from 'vitest';
import {commandLines, shellRows} from '../../source/present/line.js';

describe('a command in the app, across rows', () => {
	it('breaks only between words, and each broken row ends as a shell continues a command', () => {
		const command =
			"docker buildx imagetools create --tag 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest --annotation 'index:org.opencontainers.image.title=grafana, every platform' grafana/grafana:latest";
		const rows = shellRows(command, 100, 5);
		expect(rows.length).toBeGreaterThan(1);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(100);
		for (const row of rows.slice(0, -1)) expect(row).toMatch(/ \\$/);
		expect(
			rows
				.map(row => row.trim())
				.join('\n')
				.replace(/ \\\n/g, ' '),
		).toBe(command);
		expect(rows.some(row => row.includes("'index:org.opencontainers.image.title=grafana, every platform'"))).toBe(true);
	});

	it('cuts only a word wider than a row (a digest), without a continuation there', () => {
		const digest = `grafana/grafana@sha256:${'7009d3064d17ce34'.repeat(4)}`;
		const rows = shellRows(`docker pull --platform linux/amd64 ${digest}`, 60, 5);
		expect(rows[0]).toBe('     docker pull --platform linux/amd64 \\');
		expect(
			rows
				.slice(1)
				.map(row => row.trim())
				.join(''),
		).toBe(digest);
		for (const row of rows.slice(1, -1)) expect(row.endsWith('\\')).toBe(false);
	});

	it('puts no continuation in a # comment, where a backslash continues nothing', () => {
		const rows = shellRows(
			'docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com   # the token is on stdin, never in argv',
			70,
			5,
		);
		const commentStart = rows.findIndex(row => row.includes('#'));
		expect(commentStart).toBeGreaterThan(-1);
		for (const row of rows.slice(commentStart)) expect(row.endsWith('\\')).toBe(false);
		for (const row of rows.slice(0, commentStart)) expect(row).toMatch(/ \\$/);
	});

	it('keeps a short command on one row, and every row copies the whole command', () => {
		expect(shellRows('aws ecs list-clusters', 80, 2)).toEqual(['  aws ecs list-clusters']);
		const lines = commandLines('aws ecs update-service --cluster observability --service grafana --force-new-deployment --region ap-northeast-1', 60, {
			indent: 2,
			whole: false,
			anchor: 'a',
		});
		expect(new Set(lines.map(line => line.copy))).toEqual(
			new Set(['aws ecs update-service --cluster observability --service grafana --force-new-deployment --region ap-northeast-1']),
		);
	});
});
