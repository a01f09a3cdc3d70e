import {afterEach, describe, expect, it, vi} from 'vitest';
import type {ScanEvent} from '../../source/diagnosis/events.js';
import type {ScanReport} from '../../source/diagnosis/types.js';
import {App, type AppActions, type Scanner} from '../../source/ui/app.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {grafana, host, manyFindings, report, reportJob} from '../fixtures/findings.js';
import {keys, renderTui, stripAnsi, type Rendered} from '../helpers/render.js';

type Controlled = {scanner: Scanner; emit(event: ScanEvent): Promise<void>; finish(value: ScanReport): Promise<void>; fail(error: Error): Promise<void>};

/** A scanner the test drives: events and the end arrive when the test says so, once the app has started the scan. */
function controlledScanner(): Controlled {
	let handles: {emit: (event: ScanEvent) => void; finish: (value: ScanReport) => void; fail: (error: Error) => void} | undefined;
	let markStarted: () => void = () => {};
	const started = new Promise<void>(resolve => (markStarted = resolve));
	const scanner: Scanner = onEvent =>
		new Promise((resolve, reject) => {
			handles = {emit: onEvent, finish: resolve, fail: reject};
			markStarted();
		});
	return {
		scanner,
		emit: async event => (await started, handles!.emit(event)),
		finish: async value => (await started, handles!.finish(value)),
		fail: async error => (await started, handles!.fail(error)),
	};
}

function actions(): AppActions & {copied: string[]; opened: string[]} {
	const copied: string[] = [];
	const opened: string[] = [];
	return {copied, opened, copy: text => copied.push(text), openUrl: async url => (opened.push(url), true)};
}

const mounted: Rendered[] = [];
afterEach(() => {
	for (const rendered of mounted.splice(0)) rendered.unmount();
});

function start(
	scanner: Scanner,
	options: {columns?: number; rows?: number; color?: boolean; demo?: boolean; readOnly?: boolean; appActions?: AppActions; profile?: string} = {},
) {
	const rendered = renderTui(
		<ThemeContext.Provider value={{color: options.color ?? false}}>
			<App
				scan={scanner}
				actions={options.appActions ?? actions()}
				demo={options.demo ?? false}
				readOnly={options.readOnly ?? false}
				{...(options.profile ? {profile: options.profile} : {})}
				now={() => new Date('2026-11-24T09:00:00Z')}
			/>
		</ThemeContext.Provider>,
		{columns: options.columns ?? 100, rows: options.rows ?? 30},
	);
	mounted.push(rendered);
	return rendered;
}

describe('scanning', () => {
	it('shows the header, a spinner and a count per source, and findings as soon as they are known', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner, {profile: 'prod'});
		await app.waitFor('execdoctor · scanning · account … · region …');
		await scan.emit({type: 'identity', account: '123456789012', region: 'ap-northeast-1'});
		await scan.emit({type: 'source', source: 'ecs', state: 'running', count: 3, detail: '3 services'});
		const frame = await app.waitFor('3 services');
		expect(stripAnsi(frame)).toContain('account 123456789012 · region ap-northeast-1 · profile prod');
		expect(stripAnsi(frame)).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ECS clusters/);
		expect(stripAnsi(frame)).toContain('Looking for exec format error');
		await scan.emit({type: 'finding', finding: grafana});
		await app.waitFor('observability/grafana');
		expect(stripAnsi(app.lastFrame())).toMatch(/arch mismatch\s+failing/);
		await scan.emit({type: 'source', source: 'ecs', state: 'done', count: 3, detail: '2 clusters, 3 services'});
		await app.waitFor('✓ ECS clusters');
	});

	it('quits cleanly in the middle of a scan, with the interrupted exit code', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await app.waitFor('Looking for exec format error');
		await app.press('q');
		await expect(app.instance.waitUntilExit()).resolves.toBe(130);
	});

	it('quits on Ctrl-C', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish(report([grafana]));
		await app.waitFor('1 finding');
		await app.press(keys.ctrlC);
		await expect(app.instance.waitUntilExit()).resolves.toBe(1);
	});

	it('says so when nothing is found, and what was searched', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish(report([]));
		const frame = stripAnsi(await app.waitFor('No exec format error incidents found'));
		expect(frame).toContain('Searched 2 ECS clusters, 3 services, 4 stopped tasks, 1 App Runner service, 0 Lambda image');
		await app.press('q');
		await expect(app.instance.waitUntilExit()).resolves.toBe(0);
	});

	it('shows a scan error and exits 2', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.fail(new Error('boom'));
		await app.waitFor('✗ The scan could not run');
		const frame = stripAnsi(app.lastFrame());
		expect(frame).toContain('Unexpected error: boom');
		// The header says so, and no source keeps spinning or waiting.
		expect(frame.split('\n')[0]).toContain('the scan could not run');
		expect(frame).not.toMatch(/scanning|waiting|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
		await app.press('q');
		await expect(app.instance.waitUntilExit()).resolves.toBe(2);
	});
});

describe('the findings list', () => {
	it('moves with arrows and j/k, and opens the selected finding with Enter', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish(report([grafana, reportJob]));
		await app.waitFor('batch/report-job');
		expect(stripAnsi(app.lastFrame())).toMatch(/› ✗ ECS service\s+observability\/grafana/);
		await app.press('j');
		await app.waitFor(/› ! ECS task\s+batch\/report-job/);
		await app.press(keys.up);
		await app.waitFor(/› ✗ ECS service\s+observability\/grafana/);
		await app.press(keys.down);
		await app.press(keys.enter);
		const frame = stripAnsi(await app.waitFor('Other known causes'));
		expect(frame).toContain('ECS task batch/report-job');
		expect(frame).toContain('No architecture fix applies');
	});

	it('counts every key that arrives in one chunk', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish(report(manyFindings(5)));
		await app.waitFor('service-04');
		await app.press('jjj');
		await app.waitFor(/› . ECS service\s+\S+\/service-03/);
		await app.press('kk');
		await app.waitFor(/› . ECS service\s+\S+\/service-01/);
	});

	it('opens the finding when Enter arrives in the same chunk as the keys before it', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish(report([grafana, reportJob]));
		await app.waitFor('batch/report-job');
		await app.press('j\r');
		const frame = stripAnsi(await app.waitFor('Other known causes'));
		expect(frame).toContain('ECS task batch/report-job');
	});

	it('says so in the header when the terminal is below 80×24, and not at 80×24', async () => {
		const scan = controlledScanner();
		const small = start(scan.scanner, {columns: 60, rows: 20});
		await scan.finish(report([grafana]));
		await small.waitFor('terminal 60×20 is below 80×24');
		const fits = start(controlledScanner().scanner, {columns: 80, rows: 24});
		await fits.waitFor('scanning');
		expect(stripAnsi(fits.lastFrame())).not.toContain('is below 80×24');
	});

	it('scrolls a long list at 80×24 and truncates long names with an ellipsis', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner, {columns: 80, rows: 24});
		await scan.finish(report(manyFindings(30)));
		let frame = stripAnsi(await app.waitFor('of 30'));
		expect(frame.split('\n').every(row => row.length <= 80)).toBe(true);
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		expect(frame).toContain('…');
		expect(frame).not.toContain('service-29');
		for (let index = 0; index < 29; index++) await app.press('j');
		frame = stripAnsi(await app.waitFor(/› ✗ ECS service\s+cluster\/service-29/));
		expect(frame).not.toContain('service-00');
	});
});

describe('the finding detail', () => {
	async function openGrafana(options: Parameters<typeof start>[1] = {}) {
		const scan = controlledScanner();
		const app = start(scan.scanner, options);
		await scan.finish(report([grafana]));
		await app.waitFor('observability/grafana');
		await app.press(keys.enter);
		await app.waitFor('Host (this machine)');
		return app;
	}

	it('puts Host, Image and Service side by side and marks the mismatch with a glyph and words', async () => {
		const app = await openGrafana();
		const frame = stripAnsi(app.lastFrame());
		expect(frame).toMatch(/Host \(this machine\)\s+Image \(in ECR\)\s+Service needs/);
		expect(frame).toMatch(/Platform\s+linux\/arm64\s+linux\/arm64\/v8\s+linux\/amd64/);
		expect(frame).toContain('✗ lacks linux/amd64');
		expect(frame).toContain('≠ not what is needed');
		expect(frame).toContain('docker daemon 28.2.2');
		expect(frame).toContain('task definition grafana:3,');
		expect(frame).toContain('exec /run.sh: exec format error');
	});

	it('selects a command with tab, copies it with c, and shows it', async () => {
		const appActions = actions();
		const app = await openGrafana({appActions});
		await app.press('c');
		await app.waitFor('Select a command with tab first.');
		await app.press(keys.tab);
		await app.waitFor(/›\s*\$ docker pull --platform linux\/amd64 grafana\/grafana:latest/);
		await app.press('c');
		await app.waitFor('Copied with OSC 52');
		expect(appActions.copied).toEqual(['docker pull --platform linux/amd64 grafana/grafana:latest']);
		await app.press(keys.tab);
		await app.press(keys.shiftTab);
		await app.press(keys.shiftTab);
		await app.waitFor(/›\s*\$ aws ecs register-task-definition/);
	});

	it('takes a Tab that arrives in one chunk with the key after it', async () => {
		const appActions = actions();
		const app = await openGrafana({appActions});
		await app.press('\tc');
		await app.waitFor('Copied with OSC 52');
		expect(appActions.copied).toEqual(['docker pull --platform linux/amd64 grafana/grafana:latest']);
	});

	it('opens the console page, or only prints its URL for the built-in account', async () => {
		const appActions = actions();
		const app = await openGrafana({appActions});
		await app.press('o');
		await app.waitFor(
			frame =>
				stripAnsi(frame).includes('Opened') &&
				frame.includes(
					'\u001B]8;;https://ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/observability/services/grafana/health?region=ap-northeast-1\u0007',
				),
		);
		expect(appActions.opened).toHaveLength(1);
		const demoActions = actions();
		const demo = await openGrafana({appActions: demoActions, demo: true});
		await demo.press('o');
		await demo.waitFor('Built-in account, so nothing to open');
		expect(demoActions.opened).toEqual([]);
	});

	it('writes the incident report of the scan with x, and says where', async () => {
		const exported: string[][] = [];
		const appActions = {
			...actions(),
			exportReport: async (report: {findings: readonly {id: string}[]}) => (
				exported.push(report.findings.map(finding => finding.id)),
				'execdoctor-report-20261124T0900Z.md'
			),
		};
		const app = await openGrafana({appActions});
		await app.press('x');
		await app.waitFor('Wrote the incident report to execdoctor-report-20261124T0900Z.md');
		expect(exported).toEqual([['ecs-service/observability/grafana']]);
		await app.press('?');
		await app.waitFor('write the incident report (Markdown, for the ticket) to this folder');
	});

	it("shows the finding's code in the detail and its help, and o in the help opens the code's page", async () => {
		const appActions = actions();
		const app = await openGrafana({appActions, rows: 60});
		let frame = stripAnsi(await app.waitFor('[EXD101]'));
		expect(frame).toContain('✗ ECS service observability/grafana  architecture mismatch  [EXD101]');
		await app.press('G');
		frame = stripAnsi(await app.waitFor('About EXD101'));
		expect(frame).toContain('The image holds only another platform than the workload runs on: docs/codes/EXD101.md');
		await app.press('?');
		frame = stripAnsi(await app.waitFor('o opens docs/codes/EXD101.md'));
		expect(frame).toContain('EXD101 The image holds only another platform');
		await app.press('o');
		await app.waitFor(/Opened \/.*docs\/codes\/EXD101\.md/);
		expect(appActions.opened).toEqual([expect.stringMatching(/^file:\/\/\/.*\/docs\/codes\/EXD101\.md$/)]);
	});

	it('prints the URL when no browser can be opened: on a row of its own, never wrapped, as an OSC 8 link to the whole URL', async () => {
		const url = 'https://ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/observability/services/grafana/health?region=ap-northeast-1';
		const app = await openGrafana({appActions: {copy() {}, openUrl: async () => false}, columns: 80, rows: 24});
		await app.press('o');
		const frame = await app.waitFor('Open this URL:');
		// The link's target is the whole URL, whatever the width cuts from its text.
		expect(frame).toContain(`\u001B]8;;${url}\u0007`);
		const rows = stripAnsi(frame).split('\n');
		const linkRow = rows.find(row => row.startsWith('https://'))!;
		expect(linkRow.length).toBeLessThanOrEqual(80);
		expect(linkRow).toMatch(/^https:\/\/ap-northeast-1\.console\.aws\.ama.*…es\/grafana\/health\?region=ap-northeast-1$/);
		expect(rows[rows.indexOf(linkRow) - 1]).toBe('Open this URL:');
		// Any other status is plain text again: the link goes with the message that carried it.
		await app.press('j');
		await app.waitFor(shown => !shown.includes('\u001B]8;;'));
	});

	it("scrolls, opens the selected command's fix plan, and goes back with Esc", async () => {
		const app = await openGrafana({rows: 24, columns: 80});
		await app.waitFor(/rows 1–\d+ of \d+/);
		await app.press(keys.pageDown);
		await app.waitFor(/rows (?!1–)\d+–\d+ of \d+/);
		await app.press('b');
		await app.waitFor(/rows 1–\d+ of \d+/);
		await app.press('j');
		await app.waitFor(/rows 2–\d+ of \d+/);
		await app.press(keys.up);
		await app.waitFor(/rows 1–\d+ of \d+/);
		await app.press(keys.tab);
		await app.press(keys.tab);
		await app.press(keys.tab);
		await app.press(keys.tab);
		await app.press(keys.enter);
		const frame = stripAnsi(await app.waitFor('Fix 2 of 2'));
		expect(frame).toContain('aws ecs register-task-definition');
		expect(frame).toContain('execdoctor fix --cluster observability --service grafana --strategy');
		await app.press(keys.escape);
		await app.waitFor(frame => !stripAnsi(frame).includes('Fix 2 of 2') && stripAnsi(frame).includes('› '));
		await app.press(keys.escape);
		await app.waitFor(/State\s+Age/);
	});

	it('shows no way to apply a fix in read-only mode', async () => {
		const app = await openGrafana({readOnly: true, rows: 60});
		expect(stripAnsi(app.lastFrame())).toContain('(read-only: commands only)');
		await app.press(keys.enter);
		expect(stripAnsi(app.lastFrame())).not.toContain('Fix 1 of 2');
	});

	it('fits 80 columns', async () => {
		const app = await openGrafana({columns: 80, rows: 24});
		const frame = stripAnsi(app.lastFrame());
		expect(frame.split('\n').every(row => row.length <= 80)).toBe(true);
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
	});
});

describe('help and colour', () => {
	it('lists every key with ?, and closes with ? again', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish(report([grafana]));
		await app.waitFor('1 finding');
		expect(stripAnsi(app.lastFrame())).toContain('↑↓/jk move · enter open · o console · / filter · r rescan');
		await app.press('?');
		const frame = stripAnsi(await app.waitFor('Keys on this screen (findings)'));
		for (const word of ['open the workload in the AWS console', 'to the top', 'quit']) expect(frame).toContain(word);
		// The list's keys only: copying is for a finding's commands, chapters for the walkthrough.
		for (const word of ['copy the selected command', 'next chapter']) expect(frame).not.toContain(word);
		await app.press('?');
		await app.waitFor(/State\s+Age/);
	});

	it('writes no colour codes under NO_COLOR, but does with colour on', async () => {
		vi.stubEnv('FORCE_COLOR', '1');
		const {default: chalk} = await import('chalk');
		chalk.level = 1;
		const plain = start(controlledScanner().scanner, {color: false});
		const coloured = start(controlledScanner().scanner, {color: true});
		await plain.waitFor('Looking for exec format error');
		await coloured.waitFor('Looking for exec format error');

		const colour = /\u001B\[(?:3\d|9\d|1|2|7)m/;
		expect(plain.lastFrame()).not.toMatch(colour);
		expect(coloured.lastFrame()).toMatch(colour);
	});
});

describe('the detail of a real finding', () => {
	it('shows host data from the report', async () => {
		const scan = controlledScanner();
		const app = start(scan.scanner);
		await scan.finish({...report([grafana]), host: {...host, platform: 'linux/amd64', source: 'node-process', containerdImageStore: null}});
		await app.waitFor('observability/grafana');
		await app.press(keys.enter);
		const frame = stripAnsi(await app.waitFor('Host (this machine)'));
		expect(frame).toContain('Node.js process (no Docker');
		expect(frame).not.toContain('≠ not what is needed');
	});
});
