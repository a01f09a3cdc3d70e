/** Terminal manners in a real pseudo-terminal: the alternate screen, and footers that keep their keys at 80×24 and 120×40. */
import {afterEach, describe, expect, it} from 'vitest';
import {startTerminal, type TerminalSession} from '../helpers/pty.js';

const sessions: TerminalSession[] = [];
afterEach(() => {
	for (const session of sessions.splice(0)) session.kill();
});

const env = {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1'};

describe('the app in a real terminal', () => {
	it.each([
		[80, 24],
		[120, 40],
	])(
		'at %i×%i draws on the alternate screen and gives the shell its screen back on quit',
		async (columns, rows) => {
			const session = startTerminal(['demo', '--scenario', 'seed-fargate'], {env, columns, rows});
			sessions.push(session);
			await session.waitFor(/1 finding\b/, 20_000);
			expect(session.buffer()).toBe('alternate');
			session.press('q');
			expect(await session.exit).toBe(0);
			await new Promise(resolve => setTimeout(resolve, 100));
			expect(session.buffer()).toBe('normal');
			// The shell's screen holds no frame of the app.
			expect(session.normalScreen()).not.toMatch(/Kind\s+Workload/);
		},
		30_000,
	);

	it.each([
		[80, 24],
		[120, 40],
	])(
		'at %i×%i the detail footer ends with esc, ? and q, and nothing is cut off',
		async (columns, rows) => {
			const session = startTerminal(['demo', '--scenario', 'seed-fargate'], {env, columns, rows});
			sessions.push(session);
			await session.waitFor(/1 finding\b/, 20_000);
			session.press('\r');
			// The footer is drawn with the detail: wait for the frame to settle on both.
			const screen = await session.waitFor(/Host \(this machine\)[\s\S]*esc back · \? keys · q quit\s*$/);
			const lines = screen.split('\n').filter(line => line.trim() !== '');
			expect(lines.at(-1)).toMatch(/esc back · \? keys · q quit$/);
			expect(screen.split('\n').every(line => line.length <= columns)).toBe(true);
			session.press('q');
			expect(await session.exit).toBe(0);
		},
		30_000,
	);
});

describe('a fix in a real terminal', () => {
	it.each([
		[80, 24],
		[120, 40],
	])(
		'at %i×%i the pinned status says what runs, with its time, then the outcome heads the screen, with the new tasks’ log lines',
		async (columns, rows) => {
			const session = startTerminal(['demo', '--scenario', 'seed-fargate'], {env, columns, rows});
			sessions.push(session);
			await session.waitFor(/1 finding\b/, 20_000);
			session.press('\r');
			await session.waitFor('Host (this machine)');
			session.press('\r');
			// The plan's footer keeps the key that applies it.
			const plan = await session.waitFor(/Press y to apply[\s\S]*y apply[\s\S]*q quit\s*$/, 20_000);
			expect(plan.split('\n').every(line => line.length <= columns)).toBe(true);
			session.press('y');
			const running = await session.waitFor(/(Applying|Verifying) · \d+:\d\d/);
			// Pinned: the status is the first row under the header, whatever the view scrolled to.
			expect(running.split('\n')[1]).toMatch(/^. (Applying|Verifying) · \d+:\d\d/);
			const done = await session.waitFor(/✓ Verified/, 30_000);
			expect(done.split('\n').slice(0, 4).join('\n')).toContain('✓ Verified');
			session.press('G');
			await session.waitFor(/Logs of the new tasks {2}CloudWatch Logs Live Tail\n.*grafana: listening on :3000/);
			session.press('q');
			expect(await session.exit).toBe(0);
		},
		60_000,
	);
});

describe('a pipe that closes early, in a real terminal', () => {
	it.each(
		['learn --scenario seed-fargate', 'demo --scenario seed-fargate', 'fix --help'].flatMap(command => [
			[command, 80, 24],
			[command, 120, 40],
		]) as [string, number, number][],
	)(
		'`execdoctor %s | head -n 2` at %i×%i ends quietly: no EPIPE, no stack trace',
		async (command, columns, rows) => {
			// The binary's own exit code, not head's, and its stderr on the terminal.
			const shell = `{ "$EXECDOCTOR_NODE" "$EXECDOCTOR_CLI" ${command}; echo "execdoctor exited $?" >&2; } | head -n 2`;
			const session = startTerminal([], {env, columns, rows, shell});
			sessions.push(session);
			const screen = await session.waitFor(/execdoctor exited \d+/, 30_000);
			expect(screen).not.toMatch(/EPIPE|Error:|at .*\(.*:\d+:\d+\)/);
			expect(screen).toMatch(/execdoctor exited [01]\b/);
			// head printed the first two lines: the command did run.
			expect(screen.split('\n').filter(line => line.trim() && !line.startsWith('execdoctor exited')).length).toBeGreaterThanOrEqual(1);
		},
		40_000,
	);
});
