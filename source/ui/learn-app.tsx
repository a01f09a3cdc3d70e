import {Box, Text, useApp, useWindowSize} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import {liveBlocksOf, type Chapter} from '../learn/chapters.js';
import {Footer} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {ScrollView} from './components/scroll-view.js';
import {learnReducer, learnState, learnView} from './state/learn-state.js';
import {useKeys} from './use-keys.js';
import {safeText} from '../present/safe.js';
import {useTone} from './theme.js';

export type LearnAppProps = {
	readonly chapters: readonly Chapter[];
	/** Runs a live block against the account; its output replaces the block's sample. */
	readonly runLive: (name: string) => Promise<string>;
	readonly accountLabel: string;
	/** Puts a command on the clipboard (OSC 52). */
	readonly copy?: (text: string) => void;
};

/** The walkthrough: short chapters with next/back, their live blocks filled from the account. */
export function LearnApp({chapters, runLive, accountLabel, copy}: LearnAppProps) {
	const {exit} = useApp();
	const tone = useTone();
	const {columns, rows} = useWindowSize();
	const [state, dispatch] = useReducer(learnReducer, {columns, rows}, size => learnState(chapters, accountLabel, size));
	const started = useRef(new Set<string>());

	useEffect(() => dispatch({type: 'resize', columns, rows}), [columns, rows]);
	useEffect(() => {
		if (state.quit) exit(0);
	}, [state.quit, exit]);
	useEffect(() => {
		// This chapter's blocks, then the next chapter's, so "next" rarely waits.
		const names = [...liveBlocksOf(chapters[state.index]!.markdown), ...liveBlocksOf(chapters[state.index + 1]?.markdown ?? '')];
		for (const name of names) {
			if (started.current.has(name)) continue;
			started.current.add(name);
			void runLive(name).then(output => dispatch({type: 'live-output', name, output}));
		}
	}, [state.index, chapters, runLive]);

	useEffect(() => {
		if (state.copyRequest) copy?.(state.copyRequest.text);
	}, [state.copyRequest, copy]);

	useKeys((input, name) => dispatch({type: 'key', input, ...(name ? {name} : {})}));

	const view = learnView(state);
	const {index, scroll} = state;
	const position = `chapter ${index + 1} of ${chapters.length}${view.lines.length > view.bodyHeight ? `, rows ${scroll + 1}–${Math.min(view.lines.length, scroll + view.bodyHeight)} of ${view.lines.length}` : ''}`;
	const status =
		state.status ?? (index === chapters.length - 1 && scroll >= view.maxScroll ? 'The end. ← goes back, q quits; `execdoctor` scans your account.' : undefined);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text {...tone('accent')}>execdoctor learn</Text>
				<Text {...tone('muted')}> · {safeText(accountLabel)}</Text>
			</Text>
			<Box height={view.bodyHeight} flexDirection="column" overflow="hidden">
				{state.helpOpen ? (
					<Box flexDirection="column">
						<Text {...tone('strong')}>Chapters</Text>
						{state.chapters.map((chapter, index) => (
							<Text key={chapter.file} wrap="truncate-end" {...tone(index === state.index ? 'accent' : undefined)}>
								{`${index + 1}. ${chapter.title}`}
							</Text>
						))}
						<Text> </Text>
						<HelpOverlay screen="learn" />
					</Box>
				) : (
					<ScrollView lines={view.lines} offset={scroll} height={view.bodyHeight} {...(state.anchor ? {anchor: state.anchor} : {})} />
				)}
			</Box>
			<Footer screen="learn" {...(status ? {status} : {})} position={position} width={view.width} />
		</Box>
	);
}
