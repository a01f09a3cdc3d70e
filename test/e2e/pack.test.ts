import {allCodes} from '../../source/diagnosis/codes.js';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {root} from '../helpers/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the package', () => {
	it('ships only what runs, and the tarball installs and runs in an empty folder', () => {
		const destination = mkdtempSync(path.join(tmpdir(), 'execdoctor-pack-'));
		const [packed] = JSON.parse(
			execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {cwd: root, encoding: 'utf8'}),
		) as [{filename: string; files: {path: string}[]}];
		const files = packed.files.map(file => file.path).sort();
		// The finding codes' pages ship too: the app's o opens them from the installed package.
		expect(files.filter(file => !file.startsWith('dist/') && !file.startsWith('docs/codes/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
		expect(files.filter(file => file.startsWith('docs/codes/'))).toEqual(allCodes.map(code => `docs/codes/${code}.md`));
		expect(files).toContain('dist/cli.js');
		expect(files.some(file => file.endsWith('.map') || file.endsWith('.ts') || file.endsWith('.tsx'))).toBe(false);

		const project = mkdtempSync(path.join(tmpdir(), 'execdoctor-install-'));
		execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', path.join(destination, packed.filename)], {
			cwd: project,
			encoding: 'utf8',
			stdio: 'pipe',
		});
		const version = execFileSync(path.join(project, 'node_modules/.bin/execdoctor'), ['--version'], {encoding: 'utf8'});
		expect(version).toMatch(/^\d+\.\d+\.\d+\n$/);
		expect(existsSync(path.join(project, 'node_modules/execdoctor/docs/codes/EXD101.md'))).toBe(true);
	}, 120_000);
});
