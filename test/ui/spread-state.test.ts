/** The app after a scan of several regions: the header names them, and each finding opens its own region's console. */
import {describe, expect, it} from 'vitest';
import {initialState} from '../../source/ui/state/app-state.js';
import {appReducer} from '../../source/ui/state/reducer.js';
import {placeFinding} from '../../source/diagnosis/merge-reports.js';
import {grafana, report} from '../fixtures/findings.js';

describe('a scan of several regions in the app', () => {
	it('names every region in the header and opens the console in the finding’s own region', () => {
		const placed = placeFinding(grafana, '123456789012', 'eu-west-1');
		const merged = {
			...report([placed]),
			region: 'ap-northeast-1',
			scans: [
				{region: 'ap-northeast-1', findings: 0, warnings: []},
				{region: 'eu-west-1', findings: 1, warnings: []},
			],
		};
		let state = appReducer(initialState({canFix: false, readOnly: false, demo: false}), {type: 'scan-done', report: merged});
		expect(state.region).toBe('ap-northeast-1, eu-west-1');
		state = appReducer(state, {type: 'key', input: 'o'});
		const opened = state.effects.find(effect => effect.kind === 'open-url');
		expect(opened && 'url' in opened ? opened.url : '').toContain('eu-west-1.console.aws.amazon.com');
		expect(opened && 'url' in opened ? opened.url : '').not.toContain('ap-northeast-1');
	});
});

describe('the findings list of several regions', () => {
	it('groups the findings under a heading per account and region', async () => {
		const {render} = await import('ink-testing-library');
		const React = await import('react');
		const {FindingsList} = await import('../../source/ui/components/findings-list.js');
		const {listOrder} = await import('../../source/diagnosis/findings-order.js');
		const {reportJob} = await import('../fixtures/findings.js');
		const findings = listOrder([
			placeFinding(grafana, '123456789012', 'eu-west-1'),
			placeFinding(reportJob, '123456789012', 'ap-northeast-1'),
			placeFinding({...grafana, lastFailureAt: '2026-11-24T07:00:00Z'}, '123456789012', 'ap-northeast-1'),
		]);
		const {lastFrame} = render(React.createElement(FindingsList, {findings, height: 10, width: 100, now: new Date('2026-11-24T08:00:00Z')}));
		const lines = (lastFrame() ?? '').split('\n').map(line => line.trim());
		const headings = lines.filter(line => /^123456789012 · /.test(line));
		// The place of the most severe, newest finding first: eu-west-1's grafana failed last.
		expect(headings).toEqual(['123456789012 · eu-west-1', '123456789012 · ap-northeast-1']);
		// Each place's findings come right after its heading, without the place repeated.
		const second = lines.indexOf('123456789012 · ap-northeast-1');
		expect(lines.slice(second + 1).filter(line => line.includes('grafana') || line.includes('report-job'))).toHaveLength(2);
		expect(lines.some(line => line.includes('eu-west-1 · '))).toBe(false);
	});
});

describe('the header after a scan of several accounts', () => {
	it('counts the accounts instead of showing none', async () => {
		const {Header} = await import('../../source/ui/components/header.js');
		const {render} = await import('ink-testing-library');
		const React = await import('react');
		const merged = {
			...report([placeFinding(grafana, '111111111111', 'eu-west-1')]),
			scans: [
				{account: '111111111111', region: 'eu-west-1', findings: 1, warnings: []},
				{account: '222222222222', region: 'eu-west-1', findings: 0, warnings: []},
			],
		};
		const {account, ...rest} = merged;
		void account;
		const state = appReducer(initialState({canFix: false, readOnly: false, demo: false}), {type: 'scan-done', report: rest});
		expect([state.account, state.accounts]).toEqual([undefined, 2]);
		const {lastFrame} = render(React.createElement(Header, {accounts: state.accounts, region: state.region, demo: false}));
		expect(lastFrame()).toContain('execdoctor · 2 accounts · region eu-west-1');
	});
});
