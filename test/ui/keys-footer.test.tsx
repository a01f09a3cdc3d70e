/** Keys from one table: the footer keeps esc, ? and q at any width; Esc closes help everywhere; g/G and pages move the list. */
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Footer} from '../../source/ui/components/footer.js';
import {hintsFor} from '../../source/ui/keys.js';
import {initialState} from '../../source/ui/state/app-state.js';
import {appReducer} from '../../source/ui/state/reducer.js';
import {manyFindings, report} from '../fixtures/findings.js';

const settings = {canFix: true, readOnly: false, demo: true, size: {columns: 80, rows: 24}};

describe('the footer', () => {
	it.each([
		['detail', 80],
		['detail', 60],
		['fix', 60],
		['list', 40],
	] as const)('on %s at %i columns keeps esc, ? and q and drops the others from the end', (screen, width) => {
		const hints = hintsFor(screen, width);
		expect(hints.length).toBeLessThanOrEqual(Math.max(width, 'esc back · ? keys · q quit'.length));
		for (const key of screen === 'list' ? ['? keys', 'q quit'] : ['esc back', '? keys', 'q quit']) expect(hints).toContain(key);
	});

	it('keeps y apply and e edit on a plan, the keys the fix screen is for, before scrolling and copying', () => {
		const narrow = hintsFor('fix', 80 - 'rows 1–21 of 32 · '.length);
		expect(narrow).toContain('y apply');
		expect(narrow).toContain('e edit');
		expect(narrow).toMatch(/esc back · \? keys · q quit$/);
		// Shown in the table's order, whatever was kept first.
		expect(narrow.indexOf('y apply')).toBeLessThan(narrow.indexOf('esc back'));
	});

	it('renders whole at 80 columns on the detail screen, the essential keys at its end', () => {
		const {lastFrame} = render(<Footer screen="detail" width={80} position="rows 1–20 of 99" />);
		const frame = lastFrame() ?? '';
		expect(frame).toMatch(/esc back · \? keys · q quit$/);
		expect(frame.length).toBeLessThanOrEqual(80);
	});
});

describe('moving through the list', () => {
	const loaded = () => appReducer(initialState(settings), {type: 'scan-done', report: report(manyFindings(40))});
	const press = (state: ReturnType<typeof loaded>, input: string, name?: 'escape' | 'home' | 'end' | 'page-down' | 'page-up') =>
		appReducer(state, {type: 'key', input, ...(name ? {name} : {})});

	it('goes to the last and first finding with G and g, End and Home, and a page at a time with PgDn/PgUp', () => {
		let state = loaded();
		const ids = state.findings.map(finding => finding.id);
		state = press(state, 'G');
		expect(state.selectedId).toBe(ids.at(-1));
		state = press(state, 'g');
		expect(state.selectedId).toBe(ids[0]);
		state = press(state, '', 'end');
		expect(state.selectedId).toBe(ids.at(-1));
		state = press(state, '', 'home');
		state = press(state, '', 'page-down');
		expect(ids.indexOf(state.selectedId!)).toBeGreaterThan(5);
		state = press(state, '', 'page-up');
		expect(state.selectedId).toBe(ids[0]);
	});

	it('closes the help with Esc on the list, as the help says', () => {
		let state = press(loaded(), '?');
		expect(state.helpOpen).toBe(true);
		state = press(state, '', 'escape');
		expect(state.helpOpen).toBe(false);
	});
});

describe('the / filter', () => {
	it('narrows the list as the user types, keeps it on enter, and clears it with esc', async () => {
		const {grafana, reportJob} = await import('../fixtures/findings.js');
		const {visibleFindings} = await import('../../source/ui/state/app-state.js');
		let state = appReducer(initialState(settings), {type: 'scan-done', report: report([grafana, reportJob])});
		const type = (text: string) => {
			for (const character of text) state = appReducer(state, {type: 'key', input: character});
		};
		type('/');
		expect(state.filtering).toBe(true);
		type('report');
		expect(visibleFindings(state).map(finding => finding.workload.name)).toEqual(['report-job']);
		expect(state.selectedId).toBe(reportJob.id);
		// While typing, letters are the filter's, not commands: q did not quit.
		type('q');
		expect(state.effects).toEqual([]);
		state = appReducer(state, {type: 'key', input: '', name: 'backspace'});
		expect(state.filter).toBe('report');
		state = appReducer(state, {type: 'key', input: '', name: 'return'});
		expect([state.filtering, visibleFindings(state).length]).toEqual([false, 1]);
		type('/');
		state = appReducer(state, {type: 'key', input: '', name: 'escape'});
		expect([state.filter, visibleFindings(state).length]).toEqual([undefined, 2]);
	});

	it('shows what it kept in the list', async () => {
		const {grafana, reportJob} = await import('../fixtures/findings.js');
		const {ListScreen} = await import('../../source/ui/screens/list-screen.js');
		let state = appReducer(initialState(settings), {type: 'scan-done', report: report([grafana, reportJob])});
		for (const character of '/graf') state = appReducer(state, {type: 'key', input: character});
		const {lastFrame} = render(<ListScreen state={state} width={80} height={20} now={new Date('2026-11-24T09:00:00Z')} />);
		const frame = lastFrame() ?? '';
		expect(frame).toContain('/graf█ · 1 finding of 2');
		expect(frame).toContain('observability/grafana');
		expect(frame).not.toContain('report-job');
	});
});
