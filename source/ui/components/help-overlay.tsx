import {Box, Text} from 'ink';
import {bindings} from '../keys.js';
import {useTone} from '../theme.js';

const screenNames = {list: 'findings', detail: 'finding', fix: 'fix', learn: 'walkthrough'} as const;

/** Every key, on every screen: what `?` shows. */
export function HelpOverlay() {
	const tone = useTone();
	return (
		<Box flexDirection="column">
			<Text {...tone('strong')}>Keys</Text>
			{bindings.map(binding => (
				<Text key={binding.command} wrap="truncate-end">
					<Text {...tone('code')}>{binding.label.padEnd(12)}</Text>
					{binding.description}
					<Text {...tone('muted')}> ({binding.screens.map(screen => screenNames[screen]).join(', ')})</Text>
				</Text>
			))}
			<Text {...tone('muted')}>? or esc closes this list.</Text>
		</Box>
	);
}
