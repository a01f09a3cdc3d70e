/** The README's key table is the key table the app reads: a key added to one shows in the other. */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {bindings, keyTableMarkdown} from '../../source/ui/keys.js';

describe("the README's keys", () => {
	it('are the key table, as npm run guide writes them', () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const block = /<!-- keys: [^\n]*-->\n([\s\S]*?)\n<!-- \/keys -->/.exec(readme)?.[1];
		expect(block).toBe(keyTableMarkdown());
		for (const binding of bindings) expect(block).toContain(binding.description);
	});
});
