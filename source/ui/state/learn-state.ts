/** The walkthrough as a reducer: chapter, scroll, help and the live blocks' outputs. */
import type {Chapter} from '../../learn/chapters.js';
import {markdownLines} from '../../learn/markdown-lines.js';
import {commandFor, type KeyName} from '../keys.js';
import type {Line} from '../../present/line.js';
import {statusRows} from '../layout.js';
import {anchorsOf, copyOf, nextAnchor, scrollTo} from './anchors.js';

export type LearnState = {
	readonly chapters: readonly Chapter[];
	readonly accountLabel: string;
	readonly size: {readonly columns: number; readonly rows: number};
	readonly index: number;
	readonly scroll: number;
	readonly helpOpen: boolean;
	readonly outputs: Readonly<Record<string, string>>;
	readonly quit: boolean;
	/** The command tab selected; c copies it. */
	readonly anchor?: string;
	readonly status?: string;
	/** A copy to make, once: the app writes it to the terminal (OSC 52). */
	readonly copyRequest?: {readonly id: number; readonly text: string};
};

export type LearnAction =
	| {readonly type: 'key'; readonly input: string; readonly name?: KeyName}
	| {readonly type: 'live-output'; readonly name: string; readonly output: string}
	| {readonly type: 'resize'; readonly columns: number; readonly rows: number};

export function learnState(chapters: readonly Chapter[], accountLabel: string, size: LearnState['size']): LearnState {
	return {chapters, accountLabel, size, index: 0, scroll: 0, helpOpen: false, outputs: {}, quit: false};
}

export type LearnView = {readonly width: number; readonly bodyHeight: number; readonly lines: readonly Line[]; readonly maxScroll: number};

let last: {readonly inputs: readonly unknown[]; readonly view: LearnView} | undefined;

export function learnView(state: LearnState): LearnView {
	const width = Math.max(40, state.size.columns - 1);
	// The header, and the footer's rows: a status (a copied command) may take up to three.
	const bodyHeight = Math.max(6, state.size.rows - 1 - Math.max(1, statusRows(state.status, width).length));
	const chapter = state.chapters[state.index]!;
	const inputs = [chapter, width, bodyHeight, state.outputs, state.accountLabel];
	if (last && last.inputs.every((input, index) => input === inputs[index])) return last.view;
	const pending = `… running against ${state.accountLabel}`;
	const lines = markdownLines(chapter.markdown, width, name => ({...(state.outputs[name] === undefined ? {} : {output: state.outputs[name]}), pending}));
	last = {inputs, view: {width, bodyHeight, lines, maxScroll: Math.max(0, lines.length - bodyHeight)}};
	return last.view;
}

function scrolled(state: LearnState, delta: number): LearnState {
	return {...state, scroll: Math.min(learnView(state).maxScroll, Math.max(0, state.scroll + delta))};
}

function selectCommand(state: LearnState, delta: number): LearnState {
	const view = learnView(state);
	const anchors = anchorsOf(view.lines);
	if (anchors.length === 0) return {...state, status: 'This chapter has no command to select.'};
	const anchor = nextAnchor(anchors, state.anchor, delta);
	return {...state, anchor, scroll: scrollTo(view, anchor, state.scroll)};
}

function copySelected(state: LearnState): LearnState {
	const text = copyOf(learnView(state), state.anchor);
	if (!text) return {...state, status: 'Select a command with tab first.'};
	return {...state, status: `Copied with OSC 52 (if your terminal allows it): ${text}`, copyRequest: {id: (state.copyRequest?.id ?? 0) + 1, text}};
}

function onKey(previous: LearnState, input: string, name: KeyName | undefined): LearnState {
	const state: LearnState = {...previous, status: undefined};
	const command = commandFor('learn', input, name);
	if (command === 'quit') return {...state, quit: true};
	if (state.helpOpen) return command === 'help' || command === 'back' || name === 'escape' ? {...state, helpOpen: false} : state;
	switch (command) {
		case 'help': {
			return {...state, helpOpen: true};
		}
		case 'next':
		case 'previous': {
			const index = Math.min(state.chapters.length - 1, Math.max(0, state.index + (command === 'next' ? 1 : -1)));
			return {...state, index, scroll: 0, anchor: undefined};
		}
		case 'chapter': {
			const index = Number(input) - 1;
			return index >= 0 && index < state.chapters.length ? {...state, index, scroll: 0, anchor: undefined} : state;
		}
		case 'next-command':
		case 'previous-command': {
			return selectCommand(state, command === 'next-command' ? 1 : -1);
		}
		case 'copy': {
			return copySelected(state);
		}
		case 'up':
		case 'down': {
			return scrolled(state, command === 'up' ? -1 : 1);
		}
		case 'page-up':
		case 'page-down': {
			return scrolled(state, (command === 'page-up' ? -1 : 1) * (learnView(state).bodyHeight - 2));
		}
		default: {
			return state;
		}
	}
}

export function learnReducer(state: LearnState, action: LearnAction): LearnState {
	switch (action.type) {
		case 'key': {
			return onKey(state, action.input, action.name);
		}
		case 'live-output': {
			return {...state, outputs: {...state.outputs, [action.name]: action.output}};
		}
		case 'resize': {
			return {...state, size: {columns: action.columns, rows: action.rows}};
		}
	}
}
