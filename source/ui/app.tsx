import {Box, useApp, useWindowSize, type Key} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {ScanEvent} from '../reading/progress.js';
import {hasOpenFindings} from '../diagnosis/findings-order.js';
import type {Finding, FixId, ScanReport} from '../diagnosis/types.js';
import type {FixEvent, FixReport} from '../fixes/types.js';
import {describeFatalError} from '../errors.js';
import {consoleUrl} from '../output/console-url.js';
import {appReducer, initialState, selectedFinding, type AppState} from './app-state.js';
import {Footer, statusRows} from './components/footer.js';
import {Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {ScrollView} from './components/scroll-view.js';
import {commandAt, detailLines} from './detail-lines.js';
import {commandFor, keyName} from './keys.js';
import {useKeys} from './use-keys.js';
import type {Line} from './lines.js';
import {fixFlowLines, type FixFlowState} from './fix-flow-lines.js';
import {fixPlanLines} from './screens/fix-lines.js';
import {ListScreen} from './screens/list-screen.js';

export type Scanner = (onEvent: (event: ScanEvent) => void) => Promise<ScanReport>;

export type AppActions = {
	/** Puts text on the clipboard (OSC 52). */
	copy(text: string): void;
	/** Opens a URL in the browser; false when it could not. */
	openUrl(url: string): Promise<boolean>;
};

/** Plans and applies fixes; the plan is opaque to the UI, which only shows its report. */
export type Fixer = {
	plan(
		finding: Finding,
		fixId: FixId,
	): Promise<{readonly kind: 'planned'; readonly report: FixReport; readonly token: unknown} | {readonly kind: 'refused'; readonly report: FixReport}>;
	apply(token: unknown, onEvent: (event: FixEvent) => void, controls: {shouldStop(): boolean; signal: AbortSignal}): Promise<FixReport>;
};

export type AppProps = {
	readonly scan: Scanner;
	readonly fixer?: Fixer;
	readonly actions: AppActions;
	readonly profile?: string;
	readonly demo: boolean;
	readonly readOnly: boolean;
	readonly now?: () => Date;
};

/** 0 nothing found, 1 findings, 2 the scan could not run, 130 quit before the scan ended. */
export function exitCodeFor(state: AppState): number {
	if (state.error) return 2;
	if (!state.report) return 130;
	return hasOpenFindings(state.report.findings) ? 1 : 0;
}

function ensureVisible(lines: readonly Line[], anchor: string, scroll: number, height: number): number {
	const first = lines.findIndex(line => line.anchor === anchor);
	const last = lines.findLastIndex(line => line.anchor === anchor);
	if (first < scroll) return first;
	if (last >= scroll + height) return Math.max(0, last - height + 1);
	return scroll;
}

export function App({scan, fixer, actions, profile, demo, readOnly, now = () => new Date()}: AppProps) {
	const [state, dispatch] = useReducer(appReducer, initialState);
	const [flow, setFlow] = useState<FixFlowState | undefined>();
	const [scanRun, setScanRun] = useState(0);
	const planned = useRef<unknown>(undefined);
	const stopping = useRef(false);
	const abort = useRef<AbortController | undefined>(undefined);
	const {exit, waitUntilRenderFlush} = useApp();
	const {columns, rows} = useWindowSize();
	const width = Math.max(40, columns - 1);
	// Header, body and footer stay below the terminal's height, so Ink never clears the screen.
	const bodyHeight = Math.max(6, rows - 2 - Math.max(1, statusRows(state.status, width).length));
	const stateRef = useRef(state);
	stateRef.current = state;

	useEffect(() => {
		let cancelled = false;
		// The first frame goes out before the scan loads the AWS SDK, which takes a while to compile.
		waitUntilRenderFlush()
			.then(() =>
				scan(event => {
					if (!cancelled) dispatch({type: 'scan-event', event});
				}),
			)
			.then(
				report => !cancelled && dispatch({type: 'scan-done', report}),
				(error: unknown) => !cancelled && dispatch({type: 'scan-failed', message: describeFatalError(error)}),
			);
		return () => {
			cancelled = true;
		};
	}, [scan, waitUntilRenderFlush, scanRun]);

	const finding = selectedFinding(state);
	const fix = finding && state.screen === 'fix' ? finding.fixes[state.fixIndex ?? 0] : undefined;

	// Entering the fix screen plans the fix (reads only); nothing changes before `y`.
	useEffect(() => {
		if (!fixer || !finding || !fix) return;
		let cancelled = false;
		setFlow({phase: 'planning'});
		fixer.plan(finding, fix.id).then(
			outcome => {
				if (cancelled) return;
				planned.current = outcome.kind === 'planned' ? outcome.token : undefined;
				setFlow(outcome.kind === 'planned' ? {phase: 'planned', report: outcome.report} : {phase: 'refused', report: outcome.report});
			},
			(error: unknown) =>
				!cancelled &&
				setFlow({
					phase: 'refused',
					report: {
						schemaVersion: 1,
						command: 'fix',
						strategy: fix.id,
						dryRun: false,
						steps: [],
						changes: [],
						verification: {status: 'not-run', checks: [], evidence: []},
						outcome: 'refused',
						message: describeFatalError(error),
					},
				}),
		);
		return () => {
			cancelled = true;
		};
	}, [fixer, finding, fix]);

	const applyFix = () => {
		if (!fixer || !finding || flow?.phase !== 'planned' || planned.current === undefined) return;
		const report = flow.report;
		const findingId = finding.id;
		stopping.current = false;
		abort.current = new AbortController();
		setFlow({phase: 'applying', report, results: [], changes: [], stopping: false});
		const update = (change: (current: Extract<FixFlowState, {phase: 'applying'}>) => FixFlowState) =>
			setFlow(current => (current?.phase === 'applying' ? change(current) : current));
		void fixer
			.apply(
				planned.current,
				event => {
					if (event.type === 'step-started') update(current => ({...current, running: event.step.id}));
					else if (event.type === 'step-finished') update(current => ({...current, results: [...current.results, event.result]}));
					else if (event.type === 'change') update(current => ({...current, changes: [...current.changes, event.change]}));
					else update(current => ({...current, progress: event.message}));
				},
				{shouldStop: () => stopping.current, signal: abort.current.signal},
			)
			.then(
				result => {
					setFlow({phase: 'done', report: result});
					dispatch({type: 'fix-finished', findingId, outcome: result.outcome, changed: result.changes.length > 0});
				},
				(error: unknown) => setFlow({phase: 'done', report: {...report, outcome: 'failed', message: describeFatalError(error)}}),
			);
	};

	const host = state.report?.host ?? {platform: 'unknown', source: 'node-process' as const, containerdImageStore: null};
	const lines = useMemo(() => {
		if (!finding) return [];
		if (state.screen === 'detail') return detailLines(finding, host, width, {readOnly});
		if (state.screen === 'fix') return flow ? fixFlowLines(finding, state.fixIndex ?? 0, flow, width) : fixPlanLines(finding, state.fixIndex ?? 0, width);
		return [];
	}, [finding, host, width, state.screen, state.fixIndex, readOnly, flow]);
	const anchors = useMemo(() => [...new Set(lines.flatMap(line => (line.anchor ? [line.anchor] : [])))], [lines]);
	const maxScroll = Math.max(0, lines.length - bodyHeight);

	const quit = () => exit(exitCodeFor(stateRef.current));

	const selectCommand = (delta: number) => {
		if (anchors.length === 0) return;
		const index = state.anchor ? anchors.indexOf(state.anchor) : delta > 0 ? -1 : 0;
		const next = anchors[(index + delta + anchors.length) % anchors.length]!;
		dispatch({type: 'select-anchor', anchor: next, scroll: ensureVisible(lines, next, state.scroll, bodyHeight)});
	};

	const showConsole = async () => {
		if (!finding) return;
		const url = consoleUrl(finding.workload, state.region ?? '');
		if (demo) return dispatch({type: 'status', message: `Built-in account, so nothing to open; on AWS this is ${url}`});
		const opened = await actions.openUrl(url);
		dispatch({type: 'status', message: opened ? `Opened ${url}` : `Open this URL: ${url}`});
	};

	const copySelected = () => {
		const selected = finding && commandAt(finding, state.anchor);
		if (!selected) return dispatch({type: 'status', message: 'Select a command with tab first.'});
		actions.copy(selected.command);
		dispatch({type: 'status', message: `Copied with OSC 52 (if your terminal allows it): ${selected.command}`});
	};

	const handleKey = (input: string, key: Key) => {
		const screen = state.screen;
		const command = commandFor(screen, input, keyName(input, key));
		// While a fix runs, nothing leaves the screen: quitting asks it to stop after the step.
		if (flow?.phase === 'applying') {
			if (command === 'quit') {
				if (stopping.current) abort.current?.abort();
				stopping.current = true;
				setFlow(current => (current?.phase === 'applying' ? {...current, stopping: true} : current));
			} else if (command === 'back') {
				dispatch({type: 'status', message: 'A fix is running: q or Ctrl-C stops it after the current step.'});
			} else if (command === 'up' || command === 'down') {
				dispatch({type: 'scroll', delta: command === 'up' ? -1 : 1, maxScroll});
			}
			return;
		}
		if (state.helpOpen) {
			if (command === 'quit') quit();
			else if (command === 'help' || command === 'back') dispatch({type: 'toggle-help'});
			return;
		}
		switch (command) {
			case 'quit': {
				quit();
				break;
			}
			case 'help': {
				dispatch({type: 'toggle-help'});
				break;
			}
			case 'up':
			case 'down': {
				const delta = command === 'up' ? -1 : 1;
				if (screen === 'list') dispatch({type: 'move', delta});
				else dispatch({type: 'scroll', delta, maxScroll});
				break;
			}
			case 'page-up':
			case 'page-down': {
				dispatch({type: 'scroll', delta: (command === 'page-up' ? -1 : 1) * Math.max(1, bodyHeight - 2), maxScroll});
				break;
			}
			case 'open': {
				if (screen === 'list') dispatch({type: 'open'});
				else if (screen === 'detail' && finding && finding.fixes.length > 0 && !readOnly) {
					dispatch({type: 'open-fix', fixIndex: commandAt(finding, state.anchor)?.fixIndex ?? 0});
				}
				break;
			}
			case 'back': {
				if (screen === 'fix') setFlow(undefined);
				dispatch({type: 'back'});
				break;
			}
			case 'confirm': {
				applyFix();
				break;
			}
			case 'rescan': {
				if (!state.report && !state.error) break;
				dispatch({type: 'rescan'});
				setScanRun(run => run + 1);
				break;
			}
			case 'next-command':
			case 'previous-command': {
				selectCommand(command === 'next-command' ? 1 : -1);
				break;
			}
			case 'copy': {
				copySelected();
				break;
			}
			case 'console': {
				void showConsole();
				break;
			}
			default:
		}
	};

	useKeys(handleKey);

	const fixHints =
		state.screen !== 'fix' || !flow || flow.phase === 'planned'
			? undefined
			: flow.phase === 'applying'
				? '↑↓ scroll · q or Ctrl-C stop after this step'
				: '↑↓/jk move · space page · esc back · ? keys · q quit';
	const position = lines.length > bodyHeight ? `rows ${state.scroll + 1}–${Math.min(lines.length, state.scroll + bodyHeight)} of ${lines.length}` : undefined;
	const title = state.screen === 'list' ? (state.report ? `${state.findings.length} finding${state.findings.length === 1 ? '' : 's'}` : 'scanning') : undefined;
	return (
		<Box flexDirection="column">
			<Header account={state.account} region={state.region} profile={profile} demo={demo} title={title} />
			<Box height={bodyHeight} flexDirection="column" overflow="hidden">
				{state.helpOpen ? (
					<HelpOverlay />
				) : state.screen === 'list' ? (
					<ListScreen state={state} width={width} height={bodyHeight} now={now()} />
				) : (
					<ScrollView lines={lines} offset={state.scroll} height={bodyHeight} anchor={state.anchor} />
				)}
			</Box>
			<Footer screen={state.screen} status={state.status} position={position} width={width} {...(fixHints ? {hints: fixHints} : {})} />
		</Box>
	);
}
