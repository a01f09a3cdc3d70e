/** Terminal manners in a real pseudo-terminal: the alternate screen, and footers that keep their keys at 80×24 and 120×40. */
import {afterEach, describe, expect, it} from 'vitest';
import {startTerminal, type TerminalSession} from '../helpers/pty.js';

const sessions: TerminalSession[] = [];
afterEach(() => {
	for (const session of sessions.splice(0)) session.kill();
});

const env = {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1'};

describe('the app in a real terminal', () => {
	it('draws on the alternate screen and gives the shell its screen back on quit', async () => {
		const session = startTerminal(['demo', '--scenario', 'seed-fargate'], {env, columns: 80, rows: 24});
		sessions.push(session);
		await session.waitFor(/1 finding\b/, 20_000);
		expect(session.buffer()).toBe('alternate');
		session.press('q');
		expect(await session.exit).toBe(0);
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(session.buffer()).toBe('normal');
		// The shell's screen holds no frame of the app.
		expect(session.normalScreen()).not.toMatch(/Kind\s+Workload/);
	}, 30_000);

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
