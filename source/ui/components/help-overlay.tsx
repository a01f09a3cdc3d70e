import {codeDocPath, findingCodes, type FindingCode} from '../../diagnosis/codes.js';
import {Box, Text} from 'ink';
import {bindings} from '../keys.js';
import type {Screen} from '../state/app-state.js';
import {useTone} from '../theme.js';

const screenNames = {list: 'findings', detail: 'finding', fix: 'fix', learn: 'walkthrough'} as const;

/** The keys of this screen, from the one key table: what `?` shows. */
export function HelpOverlay({screen, code}: {readonly screen: Screen | 'learn'; readonly code?: FindingCode}) {
	const tone = useTone();
	const seen = new Set<string>();
	const shown = bindings.filter(binding => {
		if (!binding.screens.includes(screen) || seen.has(binding.command)) return false;
		seen.add(binding.command);
		return true;
	});
	return (
		<Box flexDirection="column">
			<Text {...tone('strong')}>Keys on this screen ({screenNames[screen]})</Text>
			{shown.map(binding => (
				<Text key={binding.command} wrap="truncate-end">
					<Text {...tone('code')}>{binding.label.padEnd(12)}</Text>
					{binding.description}
				</Text>
			))}
			{code ? (
				<Text wrap="truncate-end">
					<Text {...tone('strong')}>{code}</Text> {findingCodes[code].title}
				</Text>
			) : null}
			{code ? <Text {...tone('muted')}>o opens {codeDocPath(code)}, about this kind of finding.</Text> : null}
			<Text {...tone('muted')}>? or esc closes this list.</Text>
		</Box>
	);
}
