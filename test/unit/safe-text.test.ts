import {describe, expect, it} from 'vitest';
import {bounded, isSafeText, safeText} from '../../source/present/safe.js';

const payload =
	'\u001b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\u0007\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u009b31m\u0008\r\n\t\u202eevil\u200b\u2066\ufeff\u007f';

describe('safeText', () => {
	it('shows every control, bidi and zero-width character as a visible escape', () => {
		const shown = safeText(payload);
		expect(shown).toBe(
			'\\x1b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\\x07\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b31m\\x08\\r\\n\\t\\u202eevil\\u200b\\u2066\\ufeff\\x7f',
		);
		expect(isSafeText(shown)).toBe(true);
		expect(isSafeText(payload)).toBe(false);
	});

	it('leaves ordinary text, wide characters and emoji alone, and is idempotent', () => {
		const text = 'exec /app/start.sh: exec format error · 日本語 · ✓ ✗ 🐳';
		expect(safeText(text)).toBe(text);
		expect(safeText(safeText(payload))).toBe(safeText(payload));
	});
});

describe('bounded', () => {
	it('keeps short values whole and cuts long ones at a character, saying how much is left out', () => {
		expect(bounded('short', 2048)).toBe('short');
		const long = 'é'.repeat(5000);
		const cut = bounded(long, 2048);
		expect(Buffer.byteLength(cut.slice(0, cut.indexOf('…')))).toBeLessThanOrEqual(2048);
		expect(cut).toMatch(/… \d+ bytes more, --json has it whole$/);
		expect(bounded('🐳'.repeat(2000), 2049)).not.toMatch(/[\ud800-\udbff]…/);
	});

	it('bounds a 50 MB line quickly', () => {
		const started = performance.now();
		expect(bounded('x'.repeat(50 * 1024 * 1024), 2048)).toContain('bytes more');
		expect(performance.now() - started).toBeLessThan(500);
	});
});
