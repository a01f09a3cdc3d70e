/** Key bindings as data: the input handler, the footer and the help screen all read this table. */
import type {Key} from 'ink';
import type {Screen} from './state/app-state.js';

export type Command =
	| 'quit'
	| 'help'
	| 'up'
	| 'down'
	| 'page-up'
	| 'page-down'
	| 'first'
	| 'last'
	| 'open'
	| 'back'
	| 'next-command'
	| 'previous-command'
	| 'copy'
	| 'console'
	| 'next'
	| 'previous'
	| 'confirm'
	| 'rescan'
	| 'filter'
	| 'edit'
	| 'export'
	| 'chapter';

export type KeyName =
	'up' | 'down' | 'left' | 'right' | 'return' | 'escape' | 'tab' | 'shift-tab' | 'page-up' | 'page-down' | 'home' | 'end' | 'backspace' | 'ctrl-c';

/** The special key Ink reports, if any. */
export function keyName(input: string, key: Key): KeyName | undefined {
	if (key.ctrl && input === 'c') return 'ctrl-c';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'page-up';
	if (key.pageDown) return 'page-down';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	if (key.return) return 'return';
	if (key.escape) return 'escape';
	if (key.backspace || key.delete) return 'backspace';
	return undefined;
}

type Binding = {
	readonly command: Command;
	readonly keys: readonly string[];
	readonly label: string;
	readonly description: string;
	readonly screens: readonly (Screen | 'learn')[];
	/** The footer's short form; bindings without one are only listed by `?`. */
	readonly hint?: string;
	/** Kept before the other optional hints when the footer is narrow: the key the screen is for. */
	readonly first?: boolean;
};

const everywhere: Binding['screens'] = ['list', 'detail', 'fix', 'learn'];

export const bindings: readonly Binding[] = [
	{command: 'up', keys: ['up', 'k'], label: '↑/k', description: 'move up / scroll up', screens: ['list', 'detail', 'fix', 'learn'], hint: '↑↓/jk move'},
	{command: 'down', keys: ['down', 'j'], label: '↓/j', description: 'move down / scroll down', screens: ['list', 'detail', 'fix', 'learn']},
	{command: 'page-up', keys: ['page-up', 'b'], label: 'PgUp/b', description: 'a page up', screens: ['list', 'detail', 'fix', 'learn']},
	{
		command: 'page-down',
		keys: ['page-down', ' '],
		label: 'PgDn/space',
		description: 'a page down',
		screens: ['detail', 'fix', 'learn'],
		hint: 'space page',
	},
	// The list pages too, without a hint of its own: its footer has more pressing keys.
	{command: 'page-down', keys: ['page-down', ' '], label: 'PgDn/space', description: 'a page down', screens: ['list']},
	{command: 'first', keys: ['home', 'g'], label: 'Home/g', description: 'to the top', screens: ['list', 'detail', 'fix']},
	{command: 'last', keys: ['end', 'G'], label: 'End/G', description: 'to the bottom', screens: ['list', 'detail', 'fix']},
	{
		command: 'open',
		keys: ['return'],
		label: 'enter',
		description: "open the finding / the selected command's fix",
		screens: ['list', 'detail'],
		hint: 'enter open',
	},
	{
		command: 'next-command',
		keys: ['tab'],
		label: 'tab',
		description: 'select the next command',
		screens: ['detail', 'fix', 'learn'],
		hint: 'tab command',
	},
	{command: 'previous-command', keys: ['shift-tab'], label: 'shift-tab', description: 'select the previous command', screens: ['detail', 'fix', 'learn']},
	{
		command: 'copy',
		keys: ['c'],
		label: 'c',
		description: 'copy the selected command (OSC 52; also printed)',
		screens: ['detail', 'fix', 'learn'],
		hint: 'c copy',
	},
	{
		command: 'console',
		keys: ['o'],
		label: 'o',
		description: 'open the workload in the AWS console (or print the URL)',
		screens: ['list', 'detail'],
		hint: 'o console',
	},
	{command: 'filter', keys: ['/'], label: '/', description: 'filter the findings (enter keeps it, esc clears it)', screens: ['list'], hint: '/ filter'},
	{
		command: 'export',
		keys: ['x'],
		label: 'x',
		description: 'write the incident report (Markdown, for the ticket) to this folder',
		screens: ['list', 'detail'],
	},
	{command: 'rescan', keys: ['r'], label: 'r', description: 'scan again (after a fix, say)', screens: ['list', 'detail'], hint: 'r rescan'},
	{
		command: 'confirm',
		keys: ['y'],
		label: 'y',
		description: 'apply the planned fix (after showing every step)',
		screens: ['fix'],
		hint: 'y apply',
		first: true,
	},
	{
		command: 'edit',
		keys: ['e'],
		label: 'e',
		description: 'change the image to copy from and the tag to push to, then plan again',
		screens: ['fix'],
		hint: 'e edit',
		first: true,
	},
	{command: 'next', keys: ['right', 'n', 'return'], label: '→/n/enter', description: 'next chapter', screens: ['learn'], hint: '→ next'},
	{command: 'previous', keys: ['left', 'p'], label: '←/p', description: 'previous chapter', screens: ['learn'], hint: '← back'},
	{
		command: 'chapter',
		keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
		label: '1–9',
		description: 'go to that chapter (? lists them)',
		screens: ['learn'],
		hint: '1–9 chapter',
	},
	{command: 'back', keys: ['escape'], label: 'esc', description: 'back', screens: ['detail', 'fix'], hint: 'esc back'},
	{command: 'help', keys: ['?'], label: '?', description: "show or hide this screen's keys", screens: everywhere, hint: '? keys'},
	{command: 'quit', keys: ['q', 'ctrl-c'], label: 'q', description: 'quit', screens: everywhere, hint: 'q quit'},
];

/** The command a key means on a screen; `input` is the printable character, `name` a special key. */
export function commandFor(screen: Screen | 'learn', input: string, name: KeyName | undefined): Command | undefined {
	const key = name ?? input;
	return bindings.find(binding => binding.screens.includes(screen) && binding.keys.includes(key))?.command;
}

/** Hints kept whatever the width: how to go back, see every key, and leave. */
const essential = new Set<Command>(['back', 'help', 'quit']);

/**
 * The footer's hints for a screen, in table order, within `width` columns: hints are dropped from
 * the end of the optional ones first; `esc`, `?` and `q` are always kept.
 */
export function hintsFor(screen: Screen | 'learn', width = Number.POSITIVE_INFINITY, exclude: ReadonlySet<Command> = new Set()): string {
	const shown = bindings.filter(binding => binding.hint && binding.screens.includes(screen) && !exclude.has(binding.command));
	const kept = shown.filter(binding => essential.has(binding.command));
	const optional = shown.filter(binding => !essential.has(binding.command)).sort((a, b) => Number(Boolean(b.first)) - Number(Boolean(a.first)));
	const text = (list: readonly Binding[]) =>
		shown
			.filter(binding => list.includes(binding))
			.map(binding => binding.hint)
			.join(' · ');
	const chosen = [...kept];
	for (const binding of optional) {
		if (text([...chosen, binding]).length > width) break;
		chosen.push(binding);
	}
	return text(chosen);
}

const screenWords = {list: 'findings', detail: 'finding', fix: 'fix', learn: 'walkthrough'} as const;

/** The README's key table, from this very table (test/unit/readme-keys.test.ts holds them together). */
export function keyTableMarkdown(): string {
	const rows = new Map<string, {label: string; description: string; screens: Set<string>}>();
	for (const binding of bindings) {
		const key = `${binding.command}|${binding.label}`;
		const row = rows.get(key) ?? {label: binding.label, description: binding.description, screens: new Set<string>()};
		for (const screen of binding.screens) row.screens.add(screenWords[screen]);
		rows.set(key, row);
	}
	return [
		'| key | what it does | on |',
		'| --- | --- | --- |',
		...[...rows.values()].map(
			row =>
				`| \`${row.label}\` | ${row.description} | ${Object.values(screenWords)
					.filter(word => row.screens.has(word))
					.join(', ')} |`,
		),
	].join('\n');
}
