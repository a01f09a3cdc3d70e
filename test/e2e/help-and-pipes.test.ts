/** Per-command help, and every command ending quietly when the reader of its output goes away. */
import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../helpers/cli.js';

describe('per-command help', () => {
	it.each(['scan', 'demo', 'learn', 'fix', 'undo', 'history'])('execdoctor %s --help prints that command’s usage', async command => {
		const result = await runCli([command, '--help']);
		expect(result.code).toBe(0);
		expect(result.stdout.split('\n')[0]).toMatch(new RegExp(`^execdoctor ${command}: `));
		expect(result.stdout).toContain(`execdoctor ${command}`);
		expect(result.stderr).toBe('');
	});

	it('shows examples for fix', async () => {
		const {stdout} = await runCli(['fix', '--help']);
		expect(stdout).toContain('Examples');
		expect(stdout).toContain('--strategy repush --dry-run');
	});
});

describe('a reader that goes away', () => {
	it.each([[['learn']], [['demo']], [['demo', '--json']], [['--help']]])('%j ends quietly, without a stack trace', async argv => {
		const child = spawn(process.execPath, [cliPath, ...argv], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		// As `| head -1` does: read the first chunk, then close the pipe.
		child.stdout.once('data', () => child.stdout.destroy());
		const code = await new Promise<number | null>(resolve => child.on('close', resolve));
		expect(stderr).not.toMatch(/EPIPE|Error:|at .*\(.*:\d+:\d+\)/);
		expect([0, 1]).toContain(code);
	});
});
