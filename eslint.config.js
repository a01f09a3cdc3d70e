// Lint rules, and the import boundaries the architecture depends on (docs/architecture.md).
// Each folder gets one `no-restricted-imports` rule listing everything it must not import
// (flat config replaces a rule's options rather than merging them, so each file must match
// exactly one of these blocks). test/unit/lint-boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdk = {group: ['@aws-sdk/*', '@smithy/*'], message: 'Only source/aws/ talks to the AWS SDK: add a port method there.'};
const execa = {group: ['execa'], message: 'Only source/docker/ runs processes: add a method to its port.'};
const ink = {group: ['ink', 'ink-*', 'react', 'react/*'], message: 'Only source/ui/ renders with Ink and React.'};

const implementations = {
	group: ['**/aws/*', '**/docker/*', '**/simulator/*', '**/session/*'],
	message: 'Take a port (source/ports/) instead: the session wires the implementations.',
};
const readers = {group: ['**/reading/*'], message: 'Rules decide from what readers found; they never read. Pass the facts in.'};
const surfaces = {group: ['**/commands/*', '**/ui/*', '**/output/*', '**/present/*'], message: 'Domain code does not know how it is shown.'};
const renderers = {
	group: ['**/commands/*', '**/ui/*', '**/output/*'],
	message: 'What a person reads is built once here; the surfaces draw it, never the reverse.',
};
const front = {group: ['**/commands/*', '**/ui/*'], message: 'Renderers do not know the app or the command line.'};
const io = {group: ['node:*'], message: 'Rules are pure: no I/O, no clocks, no processes.'};
const uiReach = {
	group: ['**/aws/*', '**/docker/*', '**/simulator/*', '**/commands/*'],
	message: 'The UI gets its account, docker and fixes from the session (source/session/), never by itself.',
};

/** What each folder may not import; the SDK, execa and Ink are also forbidden outside their own folder. */
const boundaries = {
	'source/aws': [execa, ink],
	'source/docker': [sdk, ink],
	'source/ui': [sdk, execa, uiReach],
	'source/diagnosis': [sdk, execa, ink, implementations, readers, surfaces, io],
	'source/reading': [sdk, execa, ink, implementations, surfaces],
	'source/fixes': [sdk, execa, ink, implementations, surfaces],
	'source/present': [sdk, execa, ink, implementations, readers, renderers],
	'source/output': [sdk, execa, ink, implementations, readers, front],
	'source/session': [ink, surfaces],
	'source/permissions': [sdk, execa, ink, implementations, readers, surfaces, io],
};

const everywhere = [sdk, execa, ink];

/** The same glob as a regular expression for esquery, so dynamic `import()` is held to it too. */
function globToRegExp(glob) {
	const escape = text => text.replace(/[.@+?^${}()|[\]\\-]/g, '\\$&').replaceAll('/', '\\/');
	if (glob.startsWith('**/')) return `(^|\\/)${escape(glob.slice(3).replace(/\/\*$/, ''))}\\/`;
	if (glob.endsWith('/*')) return `^${escape(glob.slice(0, -2))}\\/`;
	if (glob.endsWith('*')) return `^${escape(glob.slice(0, -1))}`;
	return `^${escape(glob)}$`;
}

function rule(patterns) {
	const dynamic = patterns.flatMap(({group, message}) => group.map(glob => ({selector: `ImportExpression[source.value=/${globToRegExp(glob)}/]`, message})));
	return {'no-restricted-imports': ['error', {patterns}], 'no-restricted-syntax': ['error', ...dynamic]};
}

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', '.bench/', 'coverage/', 'test/fixtures/bin/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {
			globals: Object.fromEntries(
				['process', 'Buffer', 'console', 'setTimeout', 'clearTimeout', 'setImmediate', 'setInterval', 'clearInterval', 'URL', 'URLSearchParams']
					.concat(['AbortController', 'AbortSignal', 'fetch', 'Response', 'TextDecoder', 'TextEncoder', 'structuredClone', 'queueMicrotask'])
					.map(name => [name, 'readonly']),
			),
		},
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
			// Terminal handling matches control characters on purpose.
			'no-control-regex': 'off',
		},
	},
	{files: ['cli.tsx', 'source/**'], ignores: Object.keys(boundaries).map(folder => `${folder}/**`), rules: rule(everywhere)},
	...Object.entries(boundaries).map(([folder, patterns]) => ({files: [`${folder}/**`], rules: rule(patterns)})),
);
