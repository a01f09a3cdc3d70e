import {useApp, useWindowSize} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import type {ScanReport} from '../diagnosis/types.js';
import {describeFatalError} from '../errors.js';
import type {ScanEvent} from '../diagnosis/events.js';
import {AppFrame} from './screens/app-frame.js';
import {initialState} from './state/app-state.js';
import type {Effect} from './state/effects.js';
import {appReducer} from './state/reducer.js';
import {useFixRunner, type Fixer} from './use-fix-runner.js';
import {pathToFileURL} from 'node:url';
import {codeDocFile} from '../docs-files.js';
import {useKeys} from './use-keys.js';

export type {Fixer} from './use-fix-runner.js';

export type Scanner = (onEvent: (event: ScanEvent) => void) => Promise<ScanReport>;

export type AppActions = {
	/** Puts text on the clipboard (OSC 52). */
	copy(text: string): void;
	/** Opens a URL in the browser; false when it could not. */
	openUrl(url: string): Promise<boolean>;
	/** Writes the incident report of this scan (and this machine's fixes of its workloads); the file it wrote. */
	exportReport?(report: ScanReport): Promise<string>;
};

export type AppProps = {
	readonly scan: Scanner;
	readonly fixer?: Fixer;
	readonly actions: AppActions;
	readonly profile?: string;
	readonly demo: boolean;
	readonly readOnly: boolean;
	readonly now?: () => Date;
	/** How long a fix's verification may wait: the pinned status line says "of 15:00". */
	readonly fixTimeoutMs?: number;
};

export function App({scan, fixer, actions, profile, demo, readOnly, now = () => new Date(), fixTimeoutMs}: AppProps) {
	const {columns, rows} = useWindowSize();
	const [state, dispatch] = useReducer(
		appReducer,
		{canFix: fixer !== undefined, readOnly, demo, size: {columns, rows}, ...(fixTimeoutMs ? {fixTimeoutMs} : {})},
		initialState,
	);
	const {exit, waitUntilRenderFlush} = useApp();
	const stateRef = useRef(state);
	stateRef.current = state;
	const fixes = useFixRunner(fixer, stateRef, dispatch);
	const performed = useRef(0);

	useEffect(() => dispatch({type: 'resize', columns, rows}), [columns, rows]);

	useEffect(() => {
		let cancelled = false;
		// The first frame goes out before the scan loads the AWS SDK, which takes a while to compile.
		waitUntilRenderFlush()
			.then(() => scan(event => !cancelled && dispatch({type: 'scan-event', event})))
			.then(
				report => !cancelled && dispatch({type: 'scan-done', report}),
				(error: unknown) => !cancelled && dispatch({type: 'scan-failed', message: describeFatalError(error)}),
			);
		return () => {
			cancelled = true;
		};
	}, [scan, waitUntilRenderFlush, state.scanRun]);

	useEffect(() => {
		const pending = state.effects.filter(effect => effect.id > performed.current);
		if (pending.length === 0) return;
		performed.current = pending.at(-1)!.id;
		for (const effect of pending) perform(effect);
		dispatch({type: 'effects-ran', through: performed.current});
	}, [state.effects]);

	function perform(effect: Effect) {
		switch (effect.kind) {
			case 'quit': {
				exit(effect.code);
				break;
			}
			case 'copy': {
				actions.copy(effect.text);
				break;
			}
			case 'open-url': {
				void actions
					.openUrl(effect.url)
					.then(opened => dispatch({type: 'status', message: opened ? `Opened ${effect.url}` : `Open this URL: ${effect.url}`, link: effect.url}));
				break;
			}
			case 'open-code-doc': {
				const path = codeDocFile(effect.code);
				void actions.openUrl(pathToFileURL(path).href).then(opened => dispatch({type: 'status', message: opened ? `Opened ${path}` : `Read ${path}`}));
				break;
			}
			case 'export-report': {
				const {report} = stateRef.current;
				if (!report || !actions.exportReport) break;
				void actions.exportReport(report).then(
					file => dispatch({type: 'status', message: `Wrote the incident report to ${file}`}),
					(error: unknown) =>
						dispatch({type: 'status', message: `Could not write the incident report: ${error instanceof Error ? error.message : String(error)}`}),
				);
				break;
			}
			case 'start-fix': {
				const finding = stateRef.current.findings.find(candidate => candidate.id === effect.findingId);
				if (finding) fixes.start(effect.runId, finding, effect.fixId, effect.inputs);
				break;
			}
			case 'answer-fix': {
				fixes.answer(effect.runId, effect.apply);
				break;
			}
			case 'abort-fix': {
				fixes.abort(effect.runId);
				break;
			}
		}
	}

	useKeys((input, name) => dispatch({type: 'key', input, ...(name ? {name} : {})}));

	return <AppFrame state={state} {...(profile ? {profile} : {})} now={now()} />;
}
