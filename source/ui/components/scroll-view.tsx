import {Box} from 'ink';
import type {Line} from '../../present/line.js';
import {LineView} from './line-view.js';

/** Shows `height` rows of `lines` from `offset`, padding with empty rows so the frame keeps its size. */
export function ScrollView({
	lines,
	offset,
	height,
	anchor,
}: {
	readonly lines: readonly Line[];
	readonly offset: number;
	readonly height: number;
	readonly anchor?: string;
}) {
	const visible = lines.slice(offset, offset + height);
	return (
		<Box flexDirection="column" height={height}>
			{visible.map((line, index) => (
				<LineView key={offset + index} line={line} selected={Boolean(anchor) && line.anchor === anchor} />
			))}
		</Box>
	);
}
