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
