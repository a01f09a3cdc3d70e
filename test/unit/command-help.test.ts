import {describe, expect, it} from 'vitest';
import {helpFor} from '../../source/help.js';

describe('the help of the commands before and after an incident', () => {
	it.each(['check', 'report', 'permissions', 'mcp'])('execdoctor %s --help has its usage and fits 80 columns', command => {
		const help = helpFor([command, '--help']);
		expect(help.split('\n')[0]).toMatch(new RegExp(`^execdoctor ${command}: `));
		expect(help).toContain(`execdoctor ${command} `);
		for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
	});
});
