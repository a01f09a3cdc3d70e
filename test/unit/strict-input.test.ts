/** Bad input gets one clear line (a UsageError) before anything runs, and nothing is changed. */
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/errors.js';
import {helpOrVersion, parseOptions} from '../../source/options.js';
import {parseSince} from '../../source/since.js';

const now = new Date('2026-12-01T12:00:00Z');

describe('strict input', () => {
	it.each(['2026-11-31', '2026-02-30', '2026-11-30T25:00Z', '2026-11-30T10:61', '2026-11-30T10:00:60Z'])(
		'refuses the impossible date %s instead of rolling it over',
		text => {
			expect(() => parseSince(text, now)).toThrow(new UsageError(`--since "${text}" is not a real date.`));
		},
	);

	it.each([
		[['fix', '--source=--quiet']],
		[['fix', '--cluster', 'c', '--service', 's', '--strategy', 'repush', '--source=-q']],
		[['scan', '--region=-h']],
		[['scan', '--profile=--json']],
		[['fix', '--tag=-latest']],
	])('refuses a flag value that looks like an option: %j', argv => {
		expect(() => parseOptions(argv)).toThrow(/needs a value, not an option/);
	});

	it('reads -h and -v as help and version only where they are flags, not the value of one', () => {
		expect(helpOrVersion(['--help'])).toBe('help');
		expect(helpOrVersion(['scan', '-v'])).toBe('version');
		expect(helpOrVersion(['scan', '--region', '-h'])).toBeUndefined();
		expect(helpOrVersion(['fix', '--source', '-v'])).toBeUndefined();
		expect(helpOrVersion(['scan', '--json', '-h'])).toBe('help');
		expect(() => parseOptions(['scan', '--region', '-h'])).toThrow(new UsageError('--region needs a value, not an option ("-h").'));
		expect(() => parseOptions(['fix', '--source', '--quiet'])).toThrow(new UsageError('--source needs a value, not an option ("--quiet").'));
	});

	it.each(['a b;rm -rf ~', 'grafana/grafana:latest;reboot', 'UPPER/case', 'x@sha256:nothex', ''])(
		'refuses a --source that is not an image reference: %j',
		source => {
			expect(() => parseOptions(['fix', '--source', source])).toThrow(UsageError);
		},
	);

	it('takes a real image reference as --source', () => {
		expect(parseOptions(['fix', '--source', 'grafana/grafana:11.2.0']).source).toBe('grafana/grafana:11.2.0');
		expect(parseOptions(['fix', '--source', `public.ecr.aws/x/y@sha256:${'a'.repeat(64)}`]).source).toContain('@sha256:');
	});
});

describe('default deadlines', () => {
	it('give up on an endpoint that never answers well within 45 s: three attempts of 10 s each', async () => {
		const {attemptTimeoutFor, defaultScanBudgetMs} = await import('../../source/session/session.js');
		const {maxAttempts} = await import('../../source/aws/clients.js');
		const attempt = attemptTimeoutFor(defaultScanBudgetMs);
		expect(attempt).toBe(10_000);
		// The SDK's backoff between attempts is well under a second each at these counts.
		expect(maxAttempts * attempt + (maxAttempts - 1) * 1000).toBeLessThan(45_000);
		expect(attemptTimeoutFor(3000)).toBe(500);
		expect(attemptTimeoutFor(100)).toBe(250);
	});
});
