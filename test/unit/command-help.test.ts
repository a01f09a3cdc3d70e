import {describe, expect, it} from 'vitest';
import {helpFor, helpText} from '../../source/help.js';

describe('the help', () => {
	it('fits 80 columns, the size the README promises', () => {
		for (const line of helpText.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
	});

	it.each(['scan', 'demo', 'learn', 'fix', 'undo', 'history'])('execdoctor %s --help fits 80 columns', command => {
		for (const line of helpFor([command, '--help']).split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
	});

	it.each(['check', 'report', 'permissions', 'mcp'])('execdoctor %s --help has its usage and fits 80 columns', command => {
		const help = helpFor([command, '--help']);
		expect(help.split('\n')[0]).toMatch(new RegExp(`^execdoctor ${command}: `));
		expect(help).toContain(`execdoctor ${command} `);
		for (const line of help.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
	});
});
