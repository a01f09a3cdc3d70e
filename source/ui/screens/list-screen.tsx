import {Box, Text} from 'ink';
import {searchedSentence} from '../../present/report.js';
import {plural} from '../../text.js';
import {visibleFindings, type AppState} from '../state/app-state.js';
import {FindingsList} from '../components/findings-list.js';
import {Sources} from '../components/sources.js';
import {wrap} from '../../present/line.js';
import {LineView} from '../components/line-view.js';
import {safeText} from '../../present/safe.js';
import {useTone} from '../theme.js';

/** Sources while they run, then the findings as they arrive; the empty result says what was searched. */
export function ListScreen({state, width, height, now}: {readonly state: AppState; readonly width: number; readonly height: number; readonly now: Date}) {
	const tone = useTone();
	const done = Boolean(state.report);
	const listHeight = Math.max(3, height - 6);
	let body;
	if (state.error) {
		body = (
			<Box flexDirection="column">
				<Text {...tone('bad')}>✗ The scan could not run</Text>
				{wrap(state.error, width, {indent: 2}).map((line, index) => (
					<LineView key={index} line={line} />
				))}
			</Box>
		);
	} else if (state.findings.length > 0) {
		const shown = visibleFindings(state);
		const filterLine =
			state.filtering || state.filter ? (
				<Text {...tone(state.filtering ? 'accent' : 'muted')}>
					/{safeText(state.filter ?? '')}
					{state.filtering ? '█' : ''} · {plural(shown.length, 'finding')} of {state.findings.length}
					{state.filtering ? ' · enter keeps it, esc clears it' : ''}
				</Text>
			) : null;
		body = (
			<Box flexDirection="column">
				{filterLine}
				<FindingsList
					findings={shown}
					selectedId={state.selectedId}
					fixOutcomes={state.fixOutcomes}
					height={filterLine ? listHeight - 1 : listHeight}
					width={width}
					now={now}
				/>
			</Box>
		);
	} else if (done && state.report) {
		body = (
			<Box flexDirection="column">
				<Text {...tone('good')}>✓ No exec format error incidents found.</Text>
				{wrap(searchedSentence(state.report), width, {indent: 2, tone: 'muted'}).map((line, index) => (
					<LineView key={index} line={line} />
				))}
			</Box>
		);
	} else {
		body = <Text {...tone('muted')}>Looking for exec format error… findings appear here as soon as they are known.</Text>;
	}
	return (
		<Box flexDirection="column">
			<Sources sources={state.sources} />
			<Text> </Text>
			{body}
			{state.warnings.length > 0 ? (
				<Text wrap="truncate-end" {...tone('warn')}>
					! {plural(state.warnings.length, 'warning')}: {safeText(state.warnings[0]!.message)}
				</Text>
			) : null}
		</Box>
	);
}
