import {Text} from 'ink';
import type {Line} from '../../present/line.js';
import {safeText} from '../../present/safe.js';
import {useTone} from '../theme.js';

/** One terminal row. A selected line gets a › marker, which reads without colour. */
export function LineView({line, selected = false}: {readonly line: Line; readonly selected?: boolean}) {
	const tone = useTone();
	if (line.segments.length === 0) return <Text> </Text>;
	return (
		<Text wrap="truncate-end">
			{selected ? <Text {...tone('accent')}>›</Text> : line.anchor ? ' ' : ''}
			{line.segments.map((segment, index) => (
				<Text key={index} {...tone(selected ? 'selected' : segment.tone)}>
					{safeText(selected && index === 0 ? segment.text.replace(/^ /, '') : segment.text)}
				</Text>
			))}
		</Text>
	);
}
