import {execFileSync} from 'node:child_process';
import {statSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/cli.js';

describe('the built bin', () => {
	it('is executable after every build, so npx execdoctor runs it', () => {
		expect(statSync(cliPath).mode & 0o111).toBe(0o111);
		expect(execFileSync(cliPath, ['--version'], {encoding: 'utf8'})).toMatch(/^\d+\.\d+\.\d+\n$/);
	});
});
