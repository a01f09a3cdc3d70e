/**
 * The app as a pure reducer: scan events, keys and fix events are actions; what must happen
 * outside the state (copy, open a URL, start or answer a fix, quit) is queued as an effect.
 * Keys that arrive together are simply dispatched in order: each sees the state the one before left.
 */
import {hasOpenFindings, listOrder} from '../../diagnosis/findings-order.js';
import type {Finding, ScanReport} from '../../diagnosis/types.js';
import type {FixEvent, FixReport} from '../../fixes/types.js';
import {consoleUrl} from '../../output/console-url.js';
import type {ScanEvent} from '../../diagnosis/events.js';
import {fixIndexOf} from '../../present/finding.js';
import {commandFor, type Command, type KeyName} from '../keys.js';
import {fixTargetOf} from '../../fixes/target.js';
import {initialState, selectedFinding, visibleFindings, type AppState, type FixFlow, type PlanEdit, editableFields} from './app-state.js';
import {fixInputProblem, type FixInputs} from '../../options.js';
import type {EffectRequest} from './effects.js';
import {viewOf} from './view.js';
import {copyOf, nextAnchor, scrollTo} from './anchors.js';

export type AppAction =
	| {readonly type: 'scan-event'; readonly event: ScanEvent}
	| {readonly type: 'scan-done'; readonly report: ScanReport}
	| {readonly type: 'scan-failed'; readonly message: string}
	| {readonly type: 'key'; readonly input: string; readonly name?: KeyName}
	| {readonly type: 'resize'; readonly columns: number; readonly rows: number}
	| {readonly type: 'status'; readonly message: string | undefined; readonly link?: string}
	| {readonly type: 'fix-planned'; readonly runId: number; readonly report: FixReport}
	| {readonly type: 'fix-event'; readonly runId: number; readonly event: FixEvent}
	| {readonly type: 'fix-ended'; readonly runId: number; readonly report: FixReport}
	| {readonly type: 'effects-ran'; readonly through: number};

/** 0 nothing fails now, 1 findings, 2 the scan could not run, 130 quit before the scan ended. */
export function exitCodeFor(state: AppState): number {
	if (state.error) return 2;
	if (!state.report) return 130;
	return hasOpenFindings(state.report.findings) ? 1 : 0;
}

function withEffect(state: AppState, request: EffectRequest): AppState {
	return {...state, effects: [...state.effects, {...request, id: state.nextEffectId}], nextEffectId: state.nextEffectId + 1};
}

/** In the app, the fixes that can run on this machine come first; the rest keep their order after them. */
export function runnableFirst(finding: Finding): Finding {
	if (!finding.fixes.some(fix => fix.blocker)) return finding;
	return {...finding, fixes: [...finding.fixes.filter(fix => !fix.blocker), ...finding.fixes.filter(fix => fix.blocker)]};
}

function upsert(findings: readonly Finding[], finding: Finding): Finding[] {
	return listOrder([...findings.filter(existing => existing.id !== finding.id), runnableFirst(finding)]);
}

function onScanEvent(state: AppState, event: ScanEvent): AppState {
	switch (event.type) {
		case 'identity': {
			return {...state, ...(event.account ? {account: event.account} : {}), region: event.region};
		}
		case 'source': {
			return {...state, sources: {...state.sources, [event.source]: {state: event.state, count: event.count, ...(event.detail ? {detail: event.detail} : {})}}};
		}
		case 'finding': {
			const findings = upsert(state.findings, event.finding);
			return {...state, findings, selectedId: state.userMoved ? state.selectedId : findings[0]?.id};
		}
		case 'warning': {
			return {...state, warnings: [...state.warnings, event.warning]};
		}
	}
}

function scroll(state: AppState, delta: number): AppState {
	return {...state, scroll: Math.min(viewOf(state).maxScroll, Math.max(0, state.scroll + delta))};
}

function move(state: AppState, delta: number): AppState {
	const findings = visibleFindings(state);
	if (findings.length === 0) return state;
	const current = Math.max(
		0,
		findings.findIndex(finding => finding.id === state.selectedId),
	);
	const next = Math.min(findings.length - 1, Math.max(0, current + delta));
	return {...state, selectedId: findings[next]!.id, userMoved: true};
}

/** A key that types text into a field (the filter, a plan's source or tag): printable, not a special key. */
function typed(input: string, name: KeyName | undefined): boolean {
	return !name && input !== '' && !/[\u0000-\u001f]/.test(input);
}

/** Typing the `/` filter: printable keys edit it, enter keeps it, esc clears it. */
function onFilterKey(state: AppState, input: string, name: KeyName | undefined): AppState {
	if (name === 'escape') return keepSelection({...state, filter: undefined, filtering: false});
	if (name === 'return') return {...state, filtering: false};
	if (name === 'backspace') return keepSelection({...state, filter: (state.filter ?? '').slice(0, -1)});
	if (name === 'ctrl-c') return withEffect(state, {kind: 'quit', code: exitCodeFor(state)});
	if (!typed(input, name)) return state;
	return keepSelection({...state, filter: `${state.filter ?? ''}${input}`});
}

/** The selection stays on a finding the filter shows: the first one, when it hid the selected. */
function keepSelection(state: AppState): AppState {
	const findings = visibleFindings(state);
	if (findings.some(finding => finding.id === state.selectedId)) return state;
	return {...state, selectedId: findings[0]?.id};
}

function selectCommand(state: AppState, delta: number): AppState {
	const view = viewOf(state);
	if (view.anchors.length === 0) return state;
	const anchor = nextAnchor(view.anchors, state.anchor, delta);
	return {...state, anchor, scroll: scrollTo(view, anchor, state.scroll)};
}

function startEditing(state: AppState, fix: FixFlow): AppState {
	const fields = editableFields(fix);
	if (fields.length === 0) return state;
	const editing: PlanEdit = {field: fields[0]!, source: fix.inputs?.source ?? fix.report?.plan?.source ?? '', tag: fix.inputs?.tag ?? '', fields};
	return {...state, fix: {...fix, editing}};
}

/** Typing a plan's source and tag: tab moves between them, enter plans again with them, esc leaves them as they were. */
function onEditKey(state: AppState, fix: FixFlow, editing: PlanEdit, input: string, name: KeyName | undefined): AppState {
	if (name === 'ctrl-c') return withEffect(state, {kind: 'quit', code: exitCodeFor(state)});
	if (name === 'escape') return {...state, fix: {...fix, editing: undefined}};
	if (name === 'tab' || name === 'shift-tab') {
		const index = editing.fields.indexOf(editing.field);
		return {...state, fix: {...fix, editing: {...editing, field: editing.fields[(index + 1) % editing.fields.length]!}}};
	}
	const value = editing[editing.field];
	if (name === 'backspace') return {...state, fix: {...fix, editing: {...editing, [editing.field]: value.slice(0, -1)}}};
	if (name === 'return') {
		const source = editing.source.trim();
		const tag = editing.tag.trim();
		const inputs: FixInputs = {...(source && editing.fields.includes('source') ? {source} : {}), ...(tag ? {tag} : {})};
		const problem = fixInputProblem(inputs, {source: 'Source', tag: 'Tag'});
		if (problem) return {...state, status: problem};
		const finding = state.findings.find(candidate => candidate.id === fix.findingId);
		if (!finding) return state;
		// The plan on screen is declined (nothing was changed) and planned again with what was typed.
		const declined = withEffect(state, {kind: 'answer-fix', runId: fix.runId, apply: false});
		return planFixRun({...declined, scroll: 0, anchor: undefined}, finding, state.fixIndex ?? 0, inputs);
	}
	if (!typed(input, name)) return state;
	return {...state, fix: {...fix, editing: {...editing, [editing.field]: value + input}}};
}

function planFixRun(state: AppState, finding: Finding, fixIndex: number, inputs?: FixInputs): AppState {
	const runId = state.nextRunId;
	const fix: FixFlow = {runId, findingId: finding.id, phase: 'planning', results: [], changes: [], stopping: false, ...(inputs ? {inputs} : {})};
	return withEffect(
		{...state, fix, nextRunId: runId + 1},
		{kind: 'start-fix', runId, findingId: finding.id, fixId: finding.fixes[fixIndex]!.id, ...(inputs ? {inputs} : {})},
	);
}

function openFix(state: AppState, finding: Finding): AppState {
	// A fix verified since the scan: planning it again would plan against what the scan saw.
	if (state.fixOutcomes[finding.id] === 'verified') return {...state, status: 'This finding was fixed and verified since the scan: press r to scan again.'};
	const fixIndex = fixIndexOf(state.anchor) ?? 0;
	const opened: AppState = {...state, screen: 'fix', fixIndex, detailScroll: state.scroll, scroll: 0};
	if (!state.canFix) return {...opened, fix: undefined};
	// What execdoctor cannot apply (a standalone task) opens as the commands to run, not as a plan to refuse.
	const target = fixTargetOf(finding.workload);
	if ('refusal' in target) return {...opened, fix: undefined, status: target.refusal};
	return planFixRun(opened, finding, fixIndex);
}

/** How many accounts the report's scans covered: more than one only for a scan of several. */
function accountsOf(report: ScanReport): number {
	return new Set((report.scans ?? []).map(scan => scan.account ?? 'unknown')).size;
}

function back(state: AppState): AppState {
	if (state.screen === 'fix') {
		// Back from a fix that changed something, the detail opens at its top: what the fix did is there.
		const changed = state.fix?.phase === 'done' && (state.fix.report?.changes.length ?? 0) > 0;
		const closed: AppState = {...state, screen: 'detail', scroll: changed ? 0 : state.detailScroll, anchor: changed ? undefined : state.anchor, fix: undefined};
		// Leaving the plan declines it: nothing was changed.
		return state.fix ? withEffect(closed, {kind: 'answer-fix', runId: state.fix.runId, apply: false}) : closed;
	}
	if (state.screen === 'detail') return {...state, screen: 'list'};
	return state;
}

function copy(state: AppState): AppState {
	const text = copyOf(viewOf(state), state.anchor);
	if (!text) return {...state, status: 'Select a command with tab first.'};
	return withEffect({...state, status: `Copied with OSC 52 (if your terminal allows it): ${text}`}, {kind: 'copy', text});
}

function showConsole(state: AppState): AppState {
	const finding = selectedFinding(state);
	if (!finding) return state;
	// A finding of a scan of several regions is in its own region.
	const url = consoleUrl(finding.workload, finding.region ?? state.region ?? '');
	if (state.demo) return {...state, status: `Built-in account, so nothing to open; on AWS this is ${url}`, statusLink: url};
	return withEffect(state, {kind: 'open-url', url});
}

function rescan(state: AppState): AppState {
	if (!state.report && !state.error) return state;
	const fresh = initialState({canFix: state.canFix, readOnly: state.readOnly, demo: state.demo, size: state.size});
	return {
		...fresh,
		...(state.account ? {account: state.account} : {}),
		...(state.region ? {region: state.region} : {}),
		scanRun: state.scanRun + 1,
		nextRunId: state.nextRunId,
		effects: state.effects,
		nextEffectId: state.nextEffectId,
	};
}

/** While a fix runs, nothing leaves the screen: quitting asks it to stop after the step, twice cancels the step. */
function whileApplying(state: AppState, fix: FixFlow, command: Command | undefined): AppState {
	if (command === 'quit') return fix.stopping ? withEffect(state, {kind: 'abort-fix', runId: fix.runId}) : {...state, fix: {...fix, stopping: true}};
	if (command === 'back') return {...state, status: 'A fix is running: q or Ctrl-C stops it after the current step.'};
	if (command === 'up' || command === 'down') return scroll({...state, fix: {...fix, follow: false}}, command === 'up' ? -1 : 1);
	return state;
}

function onCommand(state: AppState, command: Command | undefined): AppState {
	if (state.fix?.phase === 'applying') return whileApplying(state, state.fix, command);
	if (state.helpOpen) {
		if (command === 'quit') return withEffect(state, {kind: 'quit', code: exitCodeFor(state)});
		// On a finding's keys, o opens the page of its code.
		const shown = state.screen === 'detail' ? selectedFinding(state) : undefined;
		if (command === 'console' && shown) return withEffect({...state, helpOpen: false}, {kind: 'open-code-doc', code: shown.code});
		return command === 'help' || command === 'back' ? {...state, helpOpen: false} : state;
	}
	const finding = selectedFinding(state);
	switch (command) {
		case 'quit': {
			return withEffect(state, {kind: 'quit', code: exitCodeFor(state)});
		}
		case 'help': {
			return {...state, helpOpen: true};
		}
		case 'up':
		case 'down': {
			const delta = command === 'up' ? -1 : 1;
			return state.screen === 'list' ? move(state, delta) : scroll(state, delta);
		}
		case 'page-up':
		case 'page-down': {
			const page = (command === 'page-up' ? -1 : 1) * Math.max(1, viewOf(state).bodyHeight - 2);
			return state.screen === 'list' ? move(state, page) : scroll(state, page);
		}
		case 'first':
		case 'last': {
			const far = command === 'first' ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
			return state.screen === 'list' ? move(state, far) : scroll(state, far);
		}
		case 'open': {
			if (state.screen === 'list') return finding ? {...state, screen: 'detail', scroll: 0, anchor: undefined} : state;
			if (state.screen === 'detail' && finding && finding.fixes.length > 0 && !state.readOnly) return openFix(state, finding);
			return state;
		}
		case 'back': {
			return back(state);
		}
		case 'confirm': {
			const {fix} = state;
			if (fix?.phase !== 'planned') return state;
			return withEffect({...state, fix: {...fix, phase: 'applying', startedAt: Date.now(), follow: true}}, {kind: 'answer-fix', runId: fix.runId, apply: true});
		}
		case 'rescan': {
			return rescan(state);
		}
		case 'export': {
			return state.report
				? withEffect({...state, status: 'Writing the incident report…'}, {kind: 'export-report'})
				: {...state, status: 'The scan has not ended yet.'};
		}
		case 'edit': {
			return state.screen === 'fix' && state.fix ? startEditing(state, state.fix) : state;
		}
		case 'filter': {
			return state.screen === 'list' ? {...state, filtering: true, filter: state.filter ?? ''} : state;
		}
		case 'next-command':
		case 'previous-command': {
			return selectCommand(state, command === 'next-command' ? 1 : -1);
		}
		case 'copy': {
			return copy(state);
		}
		case 'console': {
			return showConsole(state);
		}
		default: {
			return state;
		}
	}
}

function onFixEvent(fix: FixFlow, event: FixEvent): FixFlow {
	switch (event.type) {
		case 'step-started': {
			return {...fix, running: event.step.id};
		}
		case 'step-finished': {
			return {...fix, results: [...fix.results, event.result]};
		}
		case 'change': {
			return {...fix, changes: [...fix.changes, event.change]};
		}
		case 'verify-progress': {
			return {...fix, progress: event.message, verifyingSince: fix.verifyingSince ?? Date.now()};
		}
		case 'journal': {
			return {...fix, journal: event.path};
		}
		case 'signal': {
			return {...fix, stopping: true};
		}
		case 'log-watch': {
			return {...fix, logWatch: {via: event.via, ...(event.reason ? {reason: event.reason} : {})}};
		}
		case 'log-line': {
			return {...fix, logs: [...(fix.logs ?? []), event.line].slice(-keptLogLines)};
		}
	}
}

/** The fix screen shows the last few; a few more are kept for the finished fix. */
const keptLogLines = 50;

function onFixEnded(state: AppState, runId: number, report: FixReport): AppState {
	const {fix} = state;
	// A fix that changed nothing leaves the finding as it was.
	const fixOutcomes = report.changes.length > 0 && fix?.runId === runId ? {...state.fixOutcomes, [fix.findingId]: report.outcome} : state.fixOutcomes;
	if (fix?.runId !== runId) return state;
	const at = report.steps.at(-1)?.endedAt ?? new Date().toISOString();
	const fixReports = report.changes.length > 0 ? {...state.fixReports, [fix.findingId]: {report, at}} : state.fixReports;
	// The outcome heads the finished fix: jump to it, wherever the view had followed the steps to.
	return {...state, fixOutcomes, fixReports, scroll: 0, fix: {...fix, phase: fix.phase === 'planning' ? 'refused' : 'done', report}};
}

export function appReducer(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'scan-event': {
			return onScanEvent(state, action.event);
		}
		case 'scan-done': {
			const findings = listOrder(action.report.findings.map(runnableFirst));
			const keep = state.userMoved && findings.some(finding => finding.id === state.selectedId);
			return {
				...state,
				report: action.report,
				findings,
				warnings: action.report.warnings,
				account: action.report.account ?? state.account,
				accounts: accountsOf(action.report),
				region: action.report.scans ? [...new Set(action.report.scans.map(scan => scan.region))].join(', ') : action.report.region,
				selectedId: keep ? state.selectedId : findings[0]?.id,
			};
		}
		case 'scan-failed': {
			// Nothing is read any more: no source may keep spinning.
			const sources = Object.fromEntries(
				Object.entries(state.sources).map(([name, source]) => [
					name,
					source.state === 'running' || source.state === 'waiting' ? {...source, state: 'failed' as const, detail: 'the scan could not run'} : source,
				]),
			) as AppState['sources'];
			return {...state, error: action.message, sources};
		}
		case 'key': {
			state = {...state, statusLink: undefined};
			if (state.filtering && state.screen === 'list') return onFilterKey({...state, status: undefined}, action.input, action.name);
			if (state.screen === 'fix' && state.fix?.editing)
				return onEditKey({...state, status: undefined}, state.fix, state.fix.editing, action.input, action.name);
			// Esc closes the help on every screen, as the help says.
			if (state.helpOpen && action.name === 'escape' && state.fix?.phase !== 'applying') return {...state, status: undefined, helpOpen: false};
			return onCommand({...state, status: undefined}, commandFor(state.screen, action.input, action.name));
		}
		case 'resize': {
			return {...state, size: {columns: action.columns, rows: action.rows}};
		}
		case 'status': {
			return {...state, status: action.message, statusLink: action.link};
		}
		case 'fix-planned': {
			const {fix} = state;
			return fix?.runId === action.runId && fix.phase === 'planning' ? {...state, fix: {...fix, phase: 'planned', report: action.report}} : state;
		}
		case 'fix-event': {
			const {fix} = state;
			if (fix?.runId !== action.runId || fix.phase !== 'applying') return state;
			const next = {...state, fix: onFixEvent(fix, action.event)};
			// Following the fix: the running step and the verification are at the end of the view.
			return fix.follow ? {...next, scroll: viewOf(next).maxScroll} : next;
		}
		case 'fix-ended': {
			return onFixEnded(state, action.runId, action.report);
		}
		case 'effects-ran': {
			return {...state, effects: state.effects.filter(effect => effect.id > action.through)};
		}
	}
}
