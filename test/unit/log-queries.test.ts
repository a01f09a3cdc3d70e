import {describe, expect, it} from 'vitest';
import {execFormatFilterPattern, insightsQueryString} from '../../source/reading/log-search.js';
import {SimError} from '../../source/simulator/errors.js';
import {compileFilterPattern, parseInsightsQuery} from '../../source/simulator/log-queries.js';

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
	it("parses execdoctor's query, with (?i) as a case-insensitive regex", () => {
		const query = parseInsightsQuery(insightsQueryString);
		expect(query.fields).toEqual(['@timestamp', '@log', '@logStream', '@message']);
		expect(query.filter?.test('Exec Format Error')).toBe(true);
		expect(query.sort).toBe('desc');
		expect(query.limit).toBe(1000);
	});

	it('reads SOURCE prefixes, at most five', () => {
		expect(parseInsightsQuery("SOURCE logGroups(namePrefix: ['/ecs/', '/aws/apprunner/']) | fields @message").sourcePrefixes).toEqual([
			'/ecs/',
			'/aws/apprunner/',
		]);
		expect(() => parseInsightsQuery("SOURCE logGroups(namePrefix: ['a','b','c','d','e','f']) | fields @message")).toThrow(SimError);
	});

	it('refuses commands it does not model, and SOURCE anywhere but first', () => {
		expect(() => parseInsightsQuery('fields @message | stats count(*) by bin(5m)')).toThrow(/unsupported command "stats"/);
		expect(() => parseInsightsQuery("fields @message | SOURCE logGroups(namePrefix: ['/ecs/'])")).toThrow(/SOURCE must be the first command/);
		expect(() => parseInsightsQuery('fields @message | limit 0')).toThrow(SimError);
	});
});
