/**
 * The app and the plain report draw the same presentation of a finding (source/present): a test
 * of that, not of either layout. Whitespace is ignored, since the app wraps commands the report
 * keeps whole for copy and paste; every word, glyph and number must match.
 */
import {describe, expect, it} from 'vitest';
import type {Finding} from '../../source/diagnosis/types.js';
import {renderFixReport} from '../../source/output/fix-plain.js';
import {renderPlainReport} from '../../source/output/plain.js';
import {createStyle} from '../../source/output/style.js';
import type {Fixer} from '../../source/ui/app.js';
import {grafana, report, reportJob} from '../fixtures/findings.js';
import {verifiedReport as verified} from '../fixtures/fix-reports.js';
import {appWith, openFirstFix} from '../helpers/app.js';
import {keys, stripAnsi} from '../helpers/render.js';

// The app's wrapped command rows end in ` \` (a shell's continuation); the plain report keeps commands on one row.
const words = (text: string) => text.replace(/ \\\n/g, '\n').replace(/\s+/g, '');

async function appDetail(finding: Finding, columns: number): Promise<string> {
	const app = appWith([finding], {columns: columns + 1, rows: 300});
	await app.waitFor('1 finding');
	await app.press(keys.enter);
	const frame = stripAnsi(await app.waitFor('Host (this machine)')).split('\n');
	// The header and the footer are the app's own; the rows between them are the finding.
	return frame.slice(1, -1).join('\n');
}

function plainFinding(finding: Finding, columns: number): string {
	const text = renderPlainReport(report([finding]), createStyle(false), columns);
	return text.slice(text.indexOf('1 finding') + '1 finding'.length);
}

describe('one presentation, two surfaces', () => {
	it.each([
		['a mismatch with fixes', grafana],
		['not architecture, with other causes', reportJob],
	])('%s reads the same in the app and in the plain report', async (_name, finding) => {
		for (const columns of [80, 120]) {
			const app = await appDetail(finding, columns);
			const plain = plainFinding(finding, columns);
			expect(plain).toContain(finding.summary.slice(0, 30));
			expect(words(app)).toBe(words(plain));
		}
	});
});

describe('a fix report, two surfaces', () => {
	it("reads the same on the app's fix screen and in `execdoctor fix`", async () => {
		const fixer: Fixer = async (_finding, _fixId, host) => ((await host.confirm({...verified, outcome: 'planned', dryRun: true})) ? verified : verified);
		const app = await openFirstFix(appWith([grafana], {fixer, columns: 101, rows: 300}));
		await app.waitFor('Press y to apply');
		await app.press('y');
		const frame = stripAnsi(await app.waitFor('✓ Verified')).split('\n');
		// Below the app's header and its "Fix 1 of 2" title, above its footer.
		const screen = frame.slice(2, -1).join('\n');
		const text = renderFixReport(verified, createStyle(false), 100);
		expect(words(screen)).toBe(words(text.slice(text.indexOf('\n') + 1)));
	});
});
