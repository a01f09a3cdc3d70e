// Bundles cli.tsx and everything it imports: dist/cli.js is the bin, one ESM entry with no
// runtime dependencies. The parts it loads lazily (the AWS SDK, Ink, the simulator) are split
// into dist/chunks/, so `--version` and `--help` parse a few kilobytes instead of megabytes
// (measured: a single 1 MB file added 160 ms to every start; see docs/performance.md).
import {build} from 'esbuild';
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';
import {rawPlugin} from './tool.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// Runs before any module is evaluated, so an old Node gets one line instead of a crash.
const nodeCheck = `#!/usr/bin/env node
{const [major] = process.versions.node.split('.').map(Number); if (major < 22) { process.stderr.write('execdoctor needs Node.js 22 or newer; this is Node.js ' + process.versions.node + '.\\n'); process.exit(2); }}
`;

// CommonJS dependencies call require(); an ESM bundle has none unless we make one.
const requireShim = `import {createRequire as __execdoctorCreateRequire} from 'node:module';
const require = __execdoctorCreateRequire(import.meta.url);`;

/**
 * Yoga (Ink's layout engine) embeds its wasm as a data: URL and loads it with fetch() when
 * fetch exists, which in Node starts undici: 40 ms of the app's first frame, measured. Without
 * fetch it decodes the same base64 synchronously. The build fails if Yoga's loader changes.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const check = '"function"!=typeof fetch';
			const count = source.split(check).length - 1;
			if (count !== 2) throw new Error(`yoga-layout's wasm loader changed (${count} fetch checks, expected 2): review scripts/build.mjs`);
			return {contents: source.replaceAll(check, '!0'), loader: 'js'};
		});
	},
};

await rm('dist', {recursive: true, force: true});
const result = await build({
	entryPoints: {cli: 'cli.tsx'},
	outdir: 'dist',
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	minify: true,
	legalComments: 'none',
	metafile: true,
	jsx: 'automatic',
	banner: {js: requireShim},
	define: {
		'process.env.NODE_ENV': '"production"',
		__EXECDOCTOR_VERSION__: JSON.stringify(pkg.version),
	},
	// Ink only loads react-devtools-core when DEV=true; stub it so the bundle never needs it.
	alias: {'react-devtools-core': './scripts/empty-module.js'},
	plugins: [rawPlugin, yogaWithoutFetch],
	logLevel: 'warning',
});

const entry = await readFile('dist/cli.js', 'utf8');
await writeFile('dist/cli.js', nodeCheck + entry);
// writeFile's mode only applies to a file it creates, and esbuild created this one: the bin must be executable.
await chmod('dist/cli.js', 0o755);

const outputs = Object.entries(result.metafile.outputs);
const total = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
const entryBytes = result.metafile.outputs['dist/cli.js'].bytes;
process.stderr.write(`built dist/cli.js (${(entryBytes / 1024).toFixed(0)} KiB) + ${outputs.length - 1} chunks (${(total / 1024).toFixed(0)} KiB in all)\n`);
