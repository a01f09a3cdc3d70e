// Builds a TypeScript script from scripts/ (which imports source/) with esbuild and runs it:
// `node scripts/tool.mjs scripts/bench/harness.ts [args]`.
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';

/** Markdown imported with ?raw, as Vite does: the file's text. */
export const rawPlugin = {
	name: 'raw',
	setup(builder) {
		builder.onResolve({filter: /\?raw$/}, args => ({path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw'}));
		builder.onLoad({filter: /.*/, namespace: 'raw'}, async args => ({contents: await readFile(args.path, 'utf8'), loader: 'text'}));
	},
};

if (import.meta.url === `file://${process.argv[1]}`) {
	const [entry, ...rest] = process.argv.slice(2);
	const outfile = path.join('.bench', `${path.basename(entry, '.ts')}.mjs`);
	await build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node22',
		packages: 'external',
		plugins: [rawPlugin],
		logLevel: 'warning',
	});
	const result = spawnSync(process.execPath, [outfile, ...rest], {stdio: 'inherit'});
	process.exitCode = result.status ?? 1;
}
