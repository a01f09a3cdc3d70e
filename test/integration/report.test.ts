import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fixesFor, fixHistory} from '../../source/journal/history.js';
import {incidentMarkdown} from '../../source/present/incident.js';
import {fixesOfReport} from '../../source/session/incident.js';
import {runCli} from '../helpers/cli.js';
import {fixWorld} from '../helpers/fixing.js';

describe('the incident report', () => {
	it('on a scan after a verified fix: the workload, its digests and platforms, the timeline, the fix with its journal, undo and verification', async () => {
		const world = await fixWorld('seed-fargate');
		const before = await world.scan();
		const {report: fix} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(fix.outcome).toBe('verified');
		const after = await world.scan();
		const markdown = incidentMarkdown(after, fixesOfReport(world.session, after), {version: '1.2.3', generatedAt: new Date('2026-11-24T10:00:00Z')});
		expect(markdown.split('\n')[0]).toBe('# exec format error: incident report (account 123456789012, ap-northeast-1)');
		expect(markdown).toContain('Generated 2026-11-24 10:00Z by execdoctor 1.2.3');
		expect(markdown).toContain('| ECS service observability/grafana | EXD101 | architecture-mismatch | recovered |');
		expect(markdown).toContain('1 fix applied from this machine.');
		// The digest the tasks ran, and what the image held.
		expect(markdown).toContain(`\`${before.findings[0]!.image.digest}\``);
		expect(markdown).toMatch(
			/- \*\*Image:\*\* `123456789012\.dkr\.ecr\.ap-northeast-1\.amazonaws\.com\/grafana\/grafana:latest` `sha256:[0-9a-f]{64}`, holds `linux\/arm64\/v8`/,
		);
		expect(markdown).toContain('- **Runs on:** `linux/amd64`');
		// The timeline, oldest first: the failure, the fix's changes, its end.
		const timeline = markdown.slice(markdown.indexOf('## Timeline'), markdown.indexOf('## Affected workloads'));
		const order = ['log-line: exec /run.sh: exec format error', 'fix repush started', 'changed: ECR 123456789012', 'fix ended verified'].map(text =>
			timeline.indexOf(text),
		);
		expect(order.every(index => index > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		const fixes = markdown.slice(markdown.indexOf('## Fixes applied'));
		expect(fixes).toContain('### repush on ECS service observability/grafana: verified');
		expect(fixes).toContain(`- **Journal:** \`${fix.journal}\``);
		expect(fixes).toMatch(
			/ {2}- undo: `aws ecr batch-get-image .* && aws ecr put-image --repository-name grafana\/grafana --region ap-northeast-1 --image-tag latest --image-digest sha256:[0-9a-f]{64} /,
		);
		expect(fixes).toContain('- **Verification:** Verified: grafana runs on linux/amd64 and no new exec format error was logged.');
		expect(fixes).toContain(`- **To take it back:** \`execdoctor undo ${fix.journal} --dry-run\`, then \`--yes\``);
	});

	it('takes only the journals that can be about the account: never a simulated fix for a real one, and for the built-in one only this run’s', async () => {
		const world = await fixWorld('seed-fargate');
		await world.fix('repush', {source: 'grafana/grafana:latest'});
		const after = await world.scan();
		const [fix] = fixHistory(world.session.journals.directory);
		expect(fixesFor(after, [fix!])).toHaveLength(1);
		expect(fixesFor(after, [{...fix!, simulated: true}])).toEqual([]);
		expect(fixesFor(after, [{...fix!, simulated: true}], {simulated: true, notBefore: fix!.at})).toHaveLength(1);
		expect(fixesFor(after, [{...fix!, simulated: true}], {simulated: true, notBefore: '2099-01-01T00:00:00.000Z'})).toEqual([]);
		// Another account's workload of the same name is another workload.
		expect(fixesFor(after, [{...fix!, workload: {...fix!.workload, arn: fix!.workload.arn!.replace('123456789012', '210987654321')}}])).toEqual([]);
	});

	it('execdoctor report: Markdown to --out, JSON with --format json, and a bad --format refused', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'execdoctor-report-'));
		const out = path.join(directory, 'incident.md');
		const written = await runCli(['report', '--scenario', 'seed-fargate', '--out', out]);
		expect(written.code).toBe(0);
		expect(written.stderr).toContain(`execdoctor: wrote the incident report to ${out}`);
		const markdown = readFileSync(out, 'utf8');
		expect(markdown).toContain('| ECS service observability/grafana | EXD101 | architecture-mismatch | still failing |');
		expect(markdown).toContain('None from this machine.');
		const json = await runCli(['report', '--scenario', 'seed-fargate', '--format', 'json']);
		const document = JSON.parse(json.stdout) as {command: string; scan: {findings: {code: string}[]}; fixes: unknown[]};
		expect(document.command).toBe('report');
		expect(document.scan.findings.map(finding => finding.code)).toEqual(['EXD101']);
		expect(document.fixes).toEqual([]);
		const bad = await runCli(['report', '--format', 'pdf']);
		expect(bad.code).toBe(2);
		expect(bad.stderr.split('\n')[0]).toBe('execdoctor: --format must be md or json; got "pdf".');
	});

	it('shows hostile account data as text, never as terminal control, and keeps table rows whole', async () => {
		const result = await runCli(['report', '--scenario', 'hostile']);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
		// Every row of a table has its header's columns: a | in account data is escaped, not a new cell.
		const tables = result.stdout.split(/\n(?!\|)/).map(block => block.split('\n').filter(line => line.startsWith('|')));
		const cells = (row: string) => row.split(/(?<!\\)\|/).length;
		expect(tables.filter(table => table.length > 2).length).toBeGreaterThanOrEqual(2);
		for (const table of tables.filter(rows => rows.length > 0)) for (const row of table) expect(cells(row), row).toBe(cells(table[0]!));
	});
});
