// `npm run bench`: builds the harness (it imports the simulator from source/) and runs it.
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';

await build({
	entryPoints: ['scripts/bench/harness.ts'],
	outfile: '.bench/harness.mjs',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	packages: 'external',
	logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['.bench/harness.mjs', ...process.argv.slice(2)], {stdio: 'inherit'});
process.exitCode = result.status ?? 1;
