import {Box, Text} from 'ink';
import type {Screen} from '../app-state.js';
import {hintsFor} from '../keys.js';
import {wrap} from '../lines.js';
import {useTone} from '../theme.js';

/** A status message wraps (a URL must be readable in full); it takes at most this many rows. */
export const maxStatusRows = 3;

export function statusRows(status: string | undefined, width: number): string[] {
	return status
		? wrap(status, width)
				.slice(0, maxStatusRows)
				.map(line => line.segments[0]!.text)
		: [];
}

export function Footer({
	screen,
	status,
	position,
	width,
	hints,
}: {
	readonly screen: Screen | 'learn';
	readonly status?: string;
	readonly position?: string;
	readonly width: number;
	readonly hints?: string;
}) {
	const tone = useTone();
	const rows = statusRows(status, width);
	if (rows.length > 0) {
		return (
			<Box flexDirection="column">
				{rows.map((row, index) => (
					<Text key={index} wrap="truncate-end" {...tone('accent')}>
						{row}
					</Text>
				))}
			</Box>
		);
	}
	return (
		<Text wrap="truncate-end" {...tone('muted')}>
			{position ? `${position} · ` : ''}
			{hints ?? hintsFor(screen)}
		</Text>
	);
}
