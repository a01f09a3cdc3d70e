import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {initialState, type AppState} from '../../source/ui/state/app-state.js';
import {appReducer} from '../../source/ui/state/reducer.js';
import {age, FindingsList, visibleWindow} from '../../source/ui/components/findings-list.js';
import {HelpOverlay} from '../../source/ui/components/help-overlay.js';
import {Sources} from '../../source/ui/components/sources.js';
import {findingLines, fixIndexOf} from '../../source/present/finding.js';
import {bindings, commandFor, hintsFor, type KeyName} from '../../source/ui/keys.js';
import {lineWidth} from '../../source/present/line.js';
import {platformTable} from '../../source/present/platform-table.js';
import {osc52} from '../../source/ui/run-app.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {grafana, host, report, reportJob} from '../fixtures/findings.js';
import {stripAnsi} from '../helpers/render.js';

const now = new Date('2026-11-24T09:00:00Z');
const settings = {canFix: false, readOnly: false, demo: false};

describe('components (ink-testing-library)', () => {
	it('renders each source with its state and count', () => {
		const {lastFrame} = render(
			<ThemeContext.Provider value={{color: false}}>
				<Sources
					sources={{
						ecs: {state: 'done', count: 3, detail: '2 clusters, 3 services'},
						apprunner: {state: 'skipped', count: 0},
						lambda: {state: 'done', count: 2, detail: '2 image functions'},
						logs: {state: 'failed', count: 0},
						images: {state: 'waiting', count: 0},
					}}
				/>
			</ThemeContext.Provider>,
		);
		const frame = stripAnsi(lastFrame() ?? '');
		expect(frame).toContain('✓ ECS clusters          2 clusters, 3 services');
		expect(frame).toContain('- App Runner services   not in scope');
		expect(frame).toContain('! CloudWatch log groups');
		expect(frame).toContain('· ECR images            waiting');
	});

	it('renders a row per finding with glyph, kind, name, verdict, state and age', () => {
		const {lastFrame} = render(
			<ThemeContext.Provider value={{color: false}}>
				<FindingsList findings={[grafana, reportJob]} selectedId={reportJob.id} height={10} width={100} now={now} />
			</ThemeContext.Provider>,
		);
		const frame = stripAnsi(lastFrame() ?? '');
		expect(frame).toMatch(/Kind\s+Workload\s+Verdict\s+State\s+Age/);
		expect(frame).toMatch(/ {2}✗ ECS service observability\/grafana\s+arch mismatch\s+failing\s+45m/);
		expect(frame).toMatch(/› ! ECS task {4}batch\/report-job\s+not architecture\s+failing\s+11h/);
		// A rolled-back finding says so in its own column, beside its verdict.
		const rolled = render(
			<ThemeContext.Provider value={{color: false}}>
				<FindingsList findings={[{...grafana, status: 'rolled-back'}]} height={10} width={80} now={now} />
			</ThemeContext.Provider>,
		);
		expect(stripAnsi(rolled.lastFrame() ?? '')).toMatch(/observability\/grafana\s+arch mismatch\s+rolled back\s+45m/);
	});

	it.each(['list', 'detail', 'fix', 'learn'] as const)('lists the %s screen’s bindings in its help, and only those', screen => {
		const {lastFrame} = render(<HelpOverlay screen={screen} />);
		for (const binding of bindings) {
			if (binding.screens.includes(screen)) expect(lastFrame()).toContain(binding.description);
			else if (!bindings.some(other => other.description === binding.description && other.screens.includes(screen)))
				expect(lastFrame()).not.toContain(binding.description);
		}
	});
});

describe('pure UI logic', () => {
	it('keeps the selected row inside the visible window', () => {
		expect(visibleWindow(5, 2, 10)).toEqual({start: 0, end: 5});
		expect(visibleWindow(30, 0, 10)).toEqual({start: 0, end: 10});
		expect(visibleWindow(30, 29, 10)).toEqual({start: 20, end: 30});
		expect(visibleWindow(30, 15, 10)).toEqual({start: 10, end: 20});
	});

	it('prints ages as k9s does', () => {
		expect(age('2026-11-24T08:59:15.000Z', now)).toBe('45s');
		expect(age('2026-11-24T08:14:47.000Z', now)).toBe('45m');
		expect(age('2026-11-23T21:02:11.000Z', now)).toBe('11h');
		expect(age('2026-11-21T08:00:00.000Z', now)).toBe('3d');
		expect(age(undefined, now)).toBe('—');
	});

	it('maps keys per screen from one table', () => {
		expect(commandFor('list', '', 'return')).toBe('open');
		expect(commandFor('learn', '', 'return')).toBe('next');
		expect(commandFor('list', 'j', undefined)).toBe('down');
		expect(commandFor('list', 'c', undefined)).toBeUndefined();
		expect(commandFor('detail', 'c', undefined)).toBe('copy');
		expect(commandFor('fix', '', 'ctrl-c')).toBe('quit');
		expect(hintsFor('list')).toBe('↑↓/jk move · enter open · o console · / filter · r rescan · ? keys · q quit');
	});

	it('upserts findings in severity order and follows the top row until the user moves', () => {
		let state = appReducer(initialState(settings), {type: 'scan-event', event: {type: 'finding', finding: reportJob}});
		expect(state.selectedId).toBe(reportJob.id);
		state = appReducer(state, {type: 'scan-event', event: {type: 'finding', finding: grafana}});
		expect(state.findings.map(finding => finding.id)).toEqual([grafana.id, reportJob.id]);
		expect(state.selectedId).toBe(grafana.id);
		state = appReducer(state, {type: 'key', input: 'j'});
		state = appReducer(state, {type: 'scan-event', event: {type: 'finding', finding: {...grafana, evidenceCount: 9}}});
		expect(state.selectedId).toBe(reportJob.id);
		expect(state.findings).toHaveLength(2);
	});

	it('restores the detail scroll when coming back from a fix', () => {
		const press = (state: AppState, input: string, name?: KeyName) => appReducer(state, {type: 'key', input, ...(name ? {name} : {})});
		let state = appReducer(initialState({...settings, size: {columns: 100, rows: 16}}), {type: 'scan-done', report: report([grafana])});
		state = press(state, '', 'return');
		for (let index = 0; index < 7; index++) state = press(state, 'j');
		expect(state).toMatchObject({screen: 'detail', scroll: 7});
		for (let index = 0; index < 4; index++) state = press(state, '', 'tab');
		expect(state.anchor).toBe('command:1:0');
		const detailScroll = state.scroll;
		state = press(state, '', 'return');
		expect(state).toMatchObject({screen: 'fix', scroll: 0, fixIndex: 1});
		state = press(state, '', 'escape');
		expect(state).toMatchObject({screen: 'detail', scroll: detailScroll});
	});

	it('lays the platform table out within the width, every row one terminal row', () => {
		for (const width of [79, 100, 140]) {
			const lines = platformTable(grafana, host, width);
			expect(lines.every(line => lineWidth(line) <= width + 1)).toBe(true);
		}
	});

	it('lays out platforms it cannot parse instead of crashing: a config saying "arm 64", an entry "arm64/v8" with variant v8', () => {
		for (const platforms of [['linux/arm 64'], ['linux/arm64/v8/v8'], ['']]) {
			const odd = {...grafana, image: {...grafana.image, platforms}};
			const text = platformTable(odd, host, 100)
				.map(line => line.segments.map(segment => segment.text).join(''))
				.join('\n');
			expect(text).toContain(`✗ lacks linux/amd64`);
		}
	});

	it('keeps the digest source whole at 80 columns, and says what the tag names now when it moved', () => {
		const moved = {...grafana, image: {...grafana.image, tagNow: {digest: `sha256:${'e'.repeat(64)}`, platforms: ['linux/amd64']}}};
		const text = platformTable(moved, host, 79)
			.map(line => line.segments.map(segment => segment.text).join(''))
			.join('\n');
		expect(text).toContain('(imageDigest)');
		expect(text).not.toMatch(/imageDige\s/);
		expect(text.replace(/\s+/g, ' ')).toContain('the tag now names sha256:eeeeeeeeeeee…: linux/amd64');
	});

	it('builds the detail with every command selectable, each row carrying the whole command to copy', () => {
		const lines = findingLines(grafana, host, {width: 79, wholeCommands: false});
		expect([...new Set(lines.flatMap(line => (line.anchor ? [line.anchor] : [])))]).toEqual(['command:0:0', 'command:0:1', 'command:0:2', 'command:1:0']);
		expect(lines.filter(line => line.anchor === 'command:1:0').length).toBeGreaterThan(0);
		expect(lines.filter(line => line.anchor === 'command:0:1').every(line => line.copy === grafana.fixes[0]!.commands[1])).toBe(true);
		expect(fixIndexOf('command:0:1')).toBe(0);
		expect(lines.some(line => line.anchor === 'command:9:9')).toBe(false);
	});

	it('encodes OSC 52 for the clipboard', () => {
		expect(osc52('docker push x')).toBe(`\u001B]52;c;${Buffer.from('docker push x').toString('base64')}\u0007`);
	});
});
