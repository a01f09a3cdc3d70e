/**
 * `npm run guide`: fills the live blocks of docs/guide/*.md with real output from the built-in
 * account (fixed clock, example host). test/unit/guide.test.ts fails when they drift.
 */
import {writeFile} from 'node:fs/promises';
import {createAccountPort} from '../../source/aws/account-port.js';
import {clockFrom, guideClockStart, guideHost, renderGuide} from '../../source/learn/guide-context.js';
import {startDemoAccount, useDemoEnvironment} from '../../source/simulator/demo.js';
import {readFile} from 'node:fs/promises';
import {keyTableMarkdown} from '../../source/ui/keys.js';

// The README's key table comes from the key table itself.
const readme = await readFile('README.md', 'utf8');
const keysBlock = /(<!-- keys: [^\n]*-->\n)[\s\S]*?(<!-- \/keys -->)/;
await writeFile(
	'README.md',
	readme.replace(keysBlock, (_, open: string, close: string) => `${open}${keyTableMarkdown()}\n${close}`),
);

const demo = await startDemoAccount('demo', {clock: clockFrom(guideClockStart)});
useDemoEnvironment(demo.env);
const port = await createAccountPort({});
try {
	for (const {file, markdown} of await renderGuide({port, host: guideHost, now: new Date(guideClockStart)})) {
		await writeFile(`docs/guide/${file}`, markdown);
		process.stdout.write(`docs/guide/${file}\n`);
	}
} finally {
	port.close();
	await demo.simulator.close();
}
