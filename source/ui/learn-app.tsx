import {Box, Text, useApp, useWindowSize, type Key} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {liveBlocksOf, type Chapter} from '../learn/chapters.js';
import {markdownLines} from '../learn/markdown-lines.js';
import {Footer} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {ScrollView} from './components/scroll-view.js';
import {commandFor, keyName} from './keys.js';
import {useKeys} from './use-keys.js';
import {useTone} from './theme.js';

export type LearnAppProps = {
	readonly chapters: readonly Chapter[];
	/** Runs a live block against the account; its output replaces the block's sample. */
	readonly runLive: (name: string) => Promise<string>;
	readonly accountLabel: string;
};

/** The walkthrough: short chapters with next/back, their live blocks filled from the account. */
export function LearnApp({chapters, runLive, accountLabel}: LearnAppProps) {
	const {exit} = useApp();
	const tone = useTone();
	const {columns, rows} = useWindowSize();
	const width = Math.max(40, columns - 1);
	const bodyHeight = Math.max(6, rows - 3);
	const [index, setIndex] = useState(0);
	const [scroll, setScroll] = useState(0);
	const [helpOpen, setHelpOpen] = useState(false);
	const [outputs, setOutputs] = useState<Readonly<Record<string, string>>>({});
	const [started] = useState(() => new Set<string>());

	useEffect(() => {
		// This chapter's blocks, then the next chapter's, so "next" rarely waits.
		const names = [...liveBlocksOf(chapters[index]!.markdown), ...liveBlocksOf(chapters[index + 1]?.markdown ?? '')];
		for (const name of names) {
			if (started.has(name)) continue;
			started.add(name);
			void runLive(name).then(output => setOutputs(current => ({...current, [name]: output})));
		}
	}, [index, chapters, runLive, started]);

	const chapter = chapters[index]!;
	const lines = useMemo(
		() =>
			markdownLines(chapter.markdown, width, name => ({
				...(outputs[name] === undefined ? {} : {output: outputs[name]}),
				pending: `… running against ${accountLabel}`,
			})),
		[chapter, width, outputs, accountLabel],
	);
	const maxScroll = Math.max(0, lines.length - bodyHeight);

	// Functional updates: two keys in one tick must both count.
	const go = (delta: number) => {
		setIndex(current => Math.min(chapters.length - 1, Math.max(0, current + delta)));
		setScroll(0);
	};

	const handleKey = (input: string, key: Key) => {
		const command = commandFor('learn', input, keyName(input, key));
		if (helpOpen) {
			if (command === 'quit') exit(0);
			else if (command === 'help' || key.escape) setHelpOpen(false);
			return;
		}
		if (command === 'quit') exit(0);
		else if (command === 'help') setHelpOpen(true);
		else if (command === 'next') go(1);
		else if (command === 'previous') go(-1);
		else if (command === 'up' || command === 'down') setScroll(current => Math.min(maxScroll, Math.max(0, current + (command === 'up' ? -1 : 1))));
		else if (command === 'page-up' || command === 'page-down')
			setScroll(current => Math.min(maxScroll, Math.max(0, current + (command === 'page-up' ? -1 : 1) * (bodyHeight - 2))));
	};

	useKeys(handleKey);

	const position = `chapter ${index + 1} of ${chapters.length}${lines.length > bodyHeight ? `, rows ${scroll + 1}–${Math.min(lines.length, scroll + bodyHeight)} of ${lines.length}` : ''}`;
	const status = index === chapters.length - 1 && scroll >= maxScroll ? 'The end. ← goes back, q quits; `execdoctor` scans your account.' : undefined;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text {...tone('accent')}>execdoctor learn</Text>
				<Text {...tone('muted')}> · {accountLabel}</Text>
			</Text>
			<Box height={bodyHeight} flexDirection="column" overflow="hidden">
				{helpOpen ? <HelpOverlay /> : <ScrollView lines={lines} offset={scroll} height={bodyHeight} />}
			</Box>
			<Footer screen="learn" {...(status ? {status} : {})} position={position} width={width} />
		</Box>
	);
}
