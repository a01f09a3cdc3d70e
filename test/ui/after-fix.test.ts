/** The detail after a fix: another workload on the tag a fix pushed is told that its image moved. */
import {describe, expect, it} from 'vitest';
import {initialState} from '../../source/ui/state/app-state.js';
import {viewOf} from '../../source/ui/state/view.js';
import {grafana, report} from '../fixtures/findings.js';
import {planReport} from '../fixtures/fix-reports.js';

describe('a finding on a tag another fix pushed', () => {
	it('says the tag moved and how to pick it up', () => {
		const twin = {...grafana, id: 'apprunner-service/grafana', workload: {kind: 'apprunner-service' as const, name: 'grafana', arn: 'arn:aws:apprunner:x'}};
		const pushed = {
			...planReport,
			dryRun: false,
			outcome: 'verified' as const,
			plan: {...planReport.plan!, destination: grafana.image.reference},
			changes: [{step: 'docker-push', description: 'pushed', undo: 'aws ecr put-image …', undoAction: {kind: 'nothing' as const, reason: 'a test'}}],
		};
		const state = {
			...initialState({canFix: true, readOnly: false, demo: true, size: {columns: 100, rows: 40}}),
			screen: 'detail' as const,
			report: report([grafana, twin]),
			findings: [grafana, twin],
			selectedId: twin.id,
			fixReports: {[grafana.id]: {report: pushed, at: '2026-11-24T09:31:12.000Z'}},
		};
		const text = viewOf(state)
			.lines.map(line => line.segments.map(segment => segment.text).join(''))
			.join(' ')
			.replace(/\s+/g, ' ');
		expect(text).toContain(`${grafana.image.reference} was pushed again at 09:31Z by grafana's fix`);
		expect(text).toContain('until it is redeployed');
	});
});

describe('back from a finished fix', () => {
	it('opens the detail at its top, where what the fix did is, whatever the detail was scrolled to before', async () => {
		const {appReducer} = await import('../../source/ui/state/reducer.js');
		const done = {
			...planReport,
			dryRun: false,
			outcome: 'verified' as const,
			changes: [{step: 'docker-push', description: 'pushed', undo: 'aws ecr put-image …', undoAction: {kind: 'nothing' as const, reason: 'a test'}}],
		};
		const state = {
			...initialState({canFix: true, readOnly: false, demo: true, size: {columns: 100, rows: 40}}),
			screen: 'fix' as const,
			report: report([grafana]),
			findings: [grafana],
			selectedId: grafana.id,
			detailScroll: 30,
			scroll: 12,
			fix: {runId: 1, findingId: grafana.id, phase: 'done' as const, report: done, results: [], changes: done.changes, stopping: false},
		};
		const back = appReducer(state, {type: 'key', input: '', name: 'escape'});
		expect([back.screen, back.scroll]).toEqual(['detail', 0]);
		// A plan left without applying keeps the detail where it was.
		const declined = appReducer({...state, fix: {...state.fix, phase: 'planned' as const, changes: []}}, {type: 'key', input: '', name: 'escape'});
		expect(declined.scroll).toBe(30);
	});
});

describe('enter on a detail', () => {
	const base = () => initialState({canFix: true, readOnly: false, demo: true, size: {columns: 100, rows: 40}});

	it('opens the commands, not a plan to refuse, for a workload execdoctor cannot fix itself', async () => {
		const {appReducer} = await import('../../source/ui/state/reducer.js');
		const {reportJob} = await import('../fixtures/findings.js');
		const task = {...reportJob, fixes: grafana.fixes};
		const state = {...base(), screen: 'detail' as const, report: report([task]), findings: [task], selectedId: task.id};
		const opened = appReducer(state, {type: 'key', input: '', name: 'return'});
		expect([opened.screen, opened.fix, opened.effects]).toEqual(['fix', undefined, []]);
		expect(opened.status).toContain('for a standalone task, run the commands below');
	});

	it('does not plan a fix again once it was verified since the scan', async () => {
		const {appReducer} = await import('../../source/ui/state/reducer.js');
		const state = {
			...base(),
			screen: 'detail' as const,
			report: report([grafana]),
			findings: [grafana],
			selectedId: grafana.id,
			fixOutcomes: {[grafana.id]: 'verified' as const},
		};
		const pressed = appReducer(state, {type: 'key', input: '', name: 'return'});
		expect([pressed.screen, pressed.effects]).toEqual(['detail', []]);
		expect(pressed.status).toContain('press r to scan again');
	});
});
