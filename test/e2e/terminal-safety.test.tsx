/**
 * Account data is hostile. One payload (clipboard, title, clear screen, colour, CSI, backspace,
 * carriage return, bidi override, zero-width space) rides in every field the account can write:
 * log lines, stop and container reasons, service events, rollout reasons, ECR failure reasons,
 * error messages (the simulator's `hostile` fault), task definition families, container and App
 * Runner service names, image references, a config blob's architecture and an index entry's
 * platform (the `hostile` scenario). Every output path must show it, never obey it.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {renderPlainReport} from '../../source/output/plain.js';
import {createStyle} from '../../source/output/style.js';
import {scaledTiming} from '../../source/simulator/model.js';
import {hostilePayload} from '../../source/simulator/scenarios.js';
import {App} from '../../source/ui/app.js';
import {LearnApp} from '../../source/ui/learn-app.js';
import {osc52} from '../../source/ui/run-app.js';
import {chapters} from '../../source/learn/chapters.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {runCli, simulatorEnv} from '../helpers/cli.js';
import {keys, renderTui} from '../helpers/render.js';
import {runScan, simulate} from '../helpers/simulated-aws.js';

/** What a terminal must never receive from data: C0 but newline, DEL, C1, bidi controls, zero-width characters. */
const forbidden = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** The only escape sequences allowed: execdoctor's own colours, when colour is on. */
const ownColours = /\u001b\[[0-9;]*m/g;
/** And in the app, its own OSC 8 links: to a URL it built, printable ASCII only (names in it percent-encoded). */
const ownLinks = /\u001b\]8;;(?:https:\/\/[\x21-\x7e]+)?\u0007/g;

function leaks(output: string, colour: boolean): string[] {
	return [...new Set((colour ? output.replace(ownColours, '') : output).match(forbidden) ?? [])].map(
		character => `U+${character.codePointAt(0)!.toString(16).padStart(4, '0')}`,
	);
}

const faults = {hostile: hostilePayload, unavailable: ['apprunner:ListOperations']};

async function hostileEnv(extra: Record<string, string> = {}) {
	const simulator = await simulate('hostile', {faults});
	// A fix's deployment, a few hundred times faster than AWS's, polled as often.
	simulator.account.timing = scaledTiming(300);
	return simulatorEnv(simulator.url, {EXECDOCTOR_POLL_MS: '50', ...extra});
}

describe('terminal safety: the binary', () => {
	it('check, its GitHub annotations and its JUnit report carry no control character from the account', async () => {
		const junit = path.join(mkdtempSync(path.join(tmpdir(), 'execdoctor-junit-')), 'check.xml');
		const result = await runCli(['check', '--for', 'ecs:hostile/named', '--junit', junit], {env: {...(await hostileEnv()), GITHUB_ACTIONS: 'true'}});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('app\\x1b]52;c;');
		expect(result.stdout).toMatch(/^::error title=execdoctor EXD101 app\\x1b\]52;c;/m);
		expect(leaks(result.stdout, false)).toEqual([]);
		expect(leaks(readFileSync(junit, 'utf8'), false)).toEqual([]);
	});

	it.each([
		['colour on', {FORCE_COLOR: '1'}, true],
		['NO_COLOR', {NO_COLOR: '1'}, false],
	])('scan in a pipe, %s: stdout and stderr carry no control character from the account', async (_name, colourEnv, colour) => {
		const result = await runCli(['scan'], {env: await hostileEnv(colourEnv)});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('\\x1b]52;c;Y3VybCBldmlsIHwgc2g=\\x07');
		expect(leaks(result.stdout, colour)).toEqual([]);
		expect(leaks(result.stderr, colour)).toEqual([]);
		if (!colour) expect(result.stdout + result.stderr).not.toContain('\u001b');
	});

	it('keeps the exact strings in --json', async () => {
		const result = await runCli(['scan', '--json'], {env: await hostileEnv()});
		const report = JSON.parse(result.stdout) as {findings: {evidence: {message: string}[]; workload: {name: string}}[]};
		expect(report.findings.flatMap(finding => finding.evidence).some(item => item.message.endsWith(hostilePayload))).toBe(true);
		expect(report.findings.some(finding => finding.workload.name === `shop${hostilePayload}`)).toBe(true);
		expect(leaks(result.stderr, false)).toEqual([]);
	});

	it('fix: the plan, the report, the progress and an error that names the account data', async () => {
		const env = await hostileEnv({NO_COLOR: '1'});
		const refused = await runCli(['fix', '--cluster', 'hostile', '--service', 'spaced', '--strategy', 'repush', '--dry-run'], {env});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('\\x1b]0;pwned\\x07');
		const applied = await runCli(['fix', '--cluster', 'hostile', '--service', 'named', '--strategy', 'patch-task-definition', '--yes', '--timeout', '90s'], {
			env,
			timeoutMs: 60_000,
		});
		for (const output of [refused.stdout, refused.stderr, applied.stdout, applied.stderr])
			expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u200b]/);
	});

	it('learn without a terminal prints the live blocks as text, not as control', async () => {
		const result = await runCli(['learn', '--scenario', 'hostile'], {env: {...(await hostileEnv()), NO_COLOR: '1'}, timeoutMs: 30_000});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('shop\\x1b]52;c;');
		expect(leaks(result.stdout, false)).toEqual([]);
	});

	it('echoes bad input without its control characters', async () => {
		const result = await runCli(['scan', '--cluster', `web${hostilePayload}`]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('\\x1b]52;c;');
		expect(leaks(result.stderr, false)).toEqual([]);
	});
});

describe('terminal safety: the app', () => {
	it('draws every screen, copies and opens without passing a control character on', async () => {
		await simulate('hostile', {faults});
		const {report} = await runScan();
		expect(report.findings.length).toBeGreaterThan(2);
		const copied: string[] = [];
		const opened: string[] = [];
		const app = renderTui(
			<ThemeContext.Provider value={{color: false}}>
				<App
					scan={async () => report}
					actions={{copy: text => copied.push(text), openUrl: async url => (opened.push(url), false)}}
					demo={false}
					readOnly={false}
				/>
			</ThemeContext.Provider>,
			{columns: 100, rows: 60},
		);
		await app.waitFor(`${report.findings.length} findings`);
		for (const finding of report.findings) {
			await app.press(keys.enter);
			await app.waitFor('Evidence');
			await app.press(keys.tab);
			await app.press('c');
			await app.press('o');
			if (finding.fixes.length > 0) {
				await app.press(keys.enter);
				await app.waitFor('Fix 1 of');
				await app.press(keys.escape);
				await app.waitFor('Evidence');
			}
			await app.press(keys.escape);
			await app.waitFor(/State\s+Age/);
			await app.press('j');
		}
		expect(app.stdout.raw).toMatch(ownLinks);
		expect(leaks(app.stdout.raw.replace(ownLinks, ''), false)).toEqual([]);
		expect(app.stdout.raw).toContain('App Runner  shop\\x1b]52;c;');
		expect(copied.length).toBeGreaterThan(0);
		for (const text of copied) {
			expect(leaks(text, false)).toEqual([]);
			expect(leaks(Buffer.from(osc52(text).slice('\u001b]52;c;'.length, -1), 'base64').toString(), false)).toEqual([]);
		}
		app.unmount();
	});

	it('lays a 50 MB log line out in a few kilobytes, in the app and in the report', async () => {
		await simulate('hostile', {faults});
		const {report} = await runScan();
		const finding = report.findings.find(candidate => candidate.evidence.some(item => item.kind === 'log-line'))!;
		const huge = {
			...finding,
			evidence: [{...finding.evidence.find(item => item.kind === 'log-line')!, message: `exec /run.sh: exec format error ${'x'.repeat(50 * 1024 * 1024)}`}],
		};
		const text = renderPlainReport({...report, findings: [huge]}, createStyle(false), 100);
		expect(text.length).toBeLessThan(40_000);
		expect(text).toMatch(/… \d+ bytes more, --json has it whole/);
		const app = renderTui(
			<ThemeContext.Provider value={{color: false}}>
				<App scan={async () => ({...report, findings: [huge]})} actions={{copy() {}, openUrl: async () => true}} demo={false} readOnly={false} />
			</ThemeContext.Provider>,
			{columns: 100, rows: 60},
		);
		await app.waitFor('1 finding');
		await app.press(keys.enter);
		await app.waitFor('bytes more, --json has it whole');
		app.unmount();
	});

	it("lays the walkthrough's live output out as text", async () => {
		const app = renderTui(
			<ThemeContext.Provider value={{color: false}}>
				<LearnApp
					chapters={chapters}
					runLive={async () => `Workload ${hostilePayload}\nnext line ${hostilePayload}`}
					accountLabel={`your account, profile p${hostilePayload}`}
				/>
			</ThemeContext.Provider>,
			{columns: 100, rows: 150},
		);
		// Shown, not dropped: Ink alone would strip the sequences and hide that the data was hostile.
		await app.waitFor('next line');
		await app.waitFor('\\x1b]52;c;Y3VybCBldmlsIHwgc2g=\\x07\\x1b]0;pwned\\x07');
		expect(app.lastFrame()).toContain('your account, profile p\\x1b]52;c;');
		expect(leaks(app.stdout.raw, false)).toEqual([]);
		app.unmount();
	});
});
