import {describe, expect, it} from 'vitest';
import {execFormatFilterPattern, insightsQueryString} from '../../source/reading/log-search.js';
import {SimError} from '../../source/simulator/errors.js';
import {compileFilterPattern, evaluateInsightsQuery, parseInsightsQuery} from '../../source/simulator/log-queries.js';

describe("the simulator's filter patterns", () => {
	it("matches execdoctor's pattern on both runc spellings and the shell one, case by case", () => {
		const matches = compileFilterPattern(execFormatFilterPattern);
		expect(matches('exec /run.sh: exec format error')).toBe(true);
		expect(matches('standard_init_linux.go:228: exec user process caused: exec format error')).toBe(true);
		expect(matches('/bin/sh: cannot execute binary file: Exec format error')).toBe(true);
		expect(matches('EXEC FORMAT ERROR')).toBe(false);
		expect(matches('listening on :3000')).toBe(false);
	});

	it('ANDs plain terms, ORs ?terms and excludes -terms', () => {
		expect(compileFilterPattern('ERROR timeout')('ERROR: upstream timeout')).toBe(true);
		expect(compileFilterPattern('ERROR timeout')('ERROR: refused')).toBe(false);
		expect(compileFilterPattern('ERROR -timeout')('ERROR: upstream timeout')).toBe(false);
		expect(compileFilterPattern('%exec [a-z]+ error%')('exec format error')).toBe(true);
	});

	it('refuses what CloudWatch Logs refuses, and what the simulator does not model', () => {
		expect(() => compileFilterPattern('"unterminated')).toThrow(SimError);
		expect(() => compileFilterPattern('%(a|b)%')).toThrow(SimError);
		expect(() => compileFilterPattern('{ $.level = "error" }')).toThrow(SimError);
	});
});

describe("the simulator's Logs Insights subset", () => {
	it("parses execdoctor's query: one row per stream and signature, by the last line", () => {
		const query = parseInsightsQuery(insightsQueryString);
		expect(query.fields).toEqual(['@timestamp', '@log', '@logStream', '@message']);
		for (const line of [
			'exec /run.sh: exec format error',
			'/bin/sh: cannot execute binary file: Exec format error',
			"CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64 v8'",
			'CannotPullContainerError: failed to find a descriptor for platform {linux/amd64}',
			'no matching manifest for linux/amd64 in the manifest list entries',
			'INIT_REPORT Init Duration: 1.49 ms Phase: init Status: error Error Type: Runtime.InvalidEntrypoint',
			'The image manifest, config or layer media type for the source image 123.dkr.ecr.us-east-1.amazonaws.com/a:b is not supported.',
		])
			expect([line, query.filter?.test(line)]).toEqual([line, true]);
		expect(query.filter?.test('listening on :3000')).toBe(false);
		expect(query.parse?.exec('exec /run.sh: exec format error')?.groups).toEqual({signature: 'xec format error'});
		// A shell's `Exec format error` is the same kind of line as runc's, counted in the same row.
		expect(query.parse?.exec('/entrypoint.sh: line 4: /app: cannot execute binary file: Exec format error')?.groups).toEqual({
			signature: 'xec format error',
		});
		expect(query.stats).toEqual({
			aggregates: [
				{fn: 'count', as: 'lines'},
				{fn: 'min', field: '@timestamp', as: 'first'},
				{fn: 'max', field: '@timestamp', as: 'last'},
				{fn: 'latest', field: '@message', as: 'message'},
			],
			by: ['@log', '@logStream', 'signature'],
		});
		expect(query.sort).toEqual({field: 'last', order: 'desc'});
		expect(query.limit).toBe(10_000);
	});

	it('keeps a quiet old stream however many lines a noisy one wrote: one row per stream', () => {
		const query = parseInsightsQuery(insightsQueryString);
		const event = (stream: string, timestamp: number, message: string) => ({
			timestamp,
			fields: {'@timestamp': String(timestamp), '@message': message, '@log': '1:/ecs/app', '@logStream': stream},
		});
		const noisy = Array.from({length: 20_000}, (_, index) => event('ecs/noisy/1', 1_000_000 + index, 'exec /run.sh: exec format error'));
		const quiet = [event('ecs/cron/2', 10, 'exec /job.sh: exec format error'), event('ecs/cron/2', 20, '/job.sh: line 1: /bin/job: Exec format error')];
		const rows = evaluateInsightsQuery(query, [...noisy, ...quiet], 10_000);
		const value = (row: {field: string; value: string}[], field: string) => row.find(item => item.field === field)?.value;
		expect(rows).toHaveLength(2);
		expect(rows.map(row => [value(row, '@logStream'), value(row, 'lines'), value(row, 'signature')])).toEqual([
			['ecs/noisy/1', '20000', 'xec format error'],
			['ecs/cron/2', '2', 'xec format error'],
		]);
		expect(value(rows[1]!, 'first')).toBe('1970-01-01 00:00:00.010');
		expect(value(rows[1]!, 'last')).toBe('1970-01-01 00:00:00.020');
	});

	it('reads SOURCE prefixes, at most five', () => {
		expect(parseInsightsQuery("SOURCE logGroups(namePrefix: ['/ecs/', '/aws/apprunner/']) | fields @message").sourcePrefixes).toEqual([
			'/ecs/',
			'/aws/apprunner/',
		]);
		expect(() => parseInsightsQuery("SOURCE logGroups(namePrefix: ['a','b','c','d','e','f']) | fields @message")).toThrow(SimError);
	});

	it('refuses commands it does not model, and SOURCE anywhere but first', () => {
		expect(() => parseInsightsQuery('fields @message | stats count(*) as n by bin(5m)')).toThrow(/unsupported "by" in stats/);
		expect(() => parseInsightsQuery('fields @message | stats avg(duration) as d')).toThrow(/unsupported stats function/);
		expect(() => parseInsightsQuery('fields @message | display @message')).toThrow(/unsupported command "display"/);
		expect(() => parseInsightsQuery('fields @message | stats count(*) as n by @logStream | sort other desc')).toThrow(/does not produce/);
		expect(() => parseInsightsQuery("fields @message | SOURCE logGroups(namePrefix: ['/ecs/'])")).toThrow(/SOURCE must be the first command/);
		expect(() => parseInsightsQuery('fields @message | limit 0')).toThrow(SimError);
	});
});
