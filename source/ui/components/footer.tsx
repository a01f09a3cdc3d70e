import {Box, Text} from 'ink';
import type {Screen} from '../state/app-state.js';
import {hintsFor} from '../keys.js';
import {hyperlink, statusRows} from '../layout.js';
import {useTone} from '../theme.js';

export function Footer({
	screen,
	status,
	link,
	position,
	width,
	hints,
}: {
	readonly screen: Screen | 'learn';
	readonly status?: string;
	readonly link?: string;
	readonly position?: string;
	readonly width: number;
	readonly hints?: string;
}) {
	const tone = useTone();
	const rows = statusRows(status, width, link);
	if (rows.length > 0) {
		return (
			<Box flexDirection="column">
				{rows.map((row, index) => (
					<Text key={index} wrap="truncate-end" {...tone('accent')}>
						{row.link ? hyperlink(row.link, row.text) : row.text}
					</Text>
				))}
			</Box>
		);
	}
	return (
		<Text wrap="truncate-end" {...tone('muted')}>
			{position ? `${position} · ` : ''}
			{hints ?? hintsFor(screen, Math.max(20, width - (position ? position.length + 3 : 0)))}
		</Text>
	);
}
