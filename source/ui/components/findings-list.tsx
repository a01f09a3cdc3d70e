import {Box, Text} from 'ink';
import {placeOf} from '../../diagnosis/findings-order.js';
import type {Finding} from '../../diagnosis/types.js';
import type {FixOutcome} from '../../fixes/types.js';
import {pad} from '../../present/line.js';
import {findingMark, fixedMarks, kindWords, listStates, listVerdicts, statusTones, verdictTone} from '../../present/words.js';
import {useTone} from '../theme.js';

/** How long ago, as k9s says it: `45s`, `12m`, `3h`, `2d`; `—` without a time. */
export function age(iso: string | undefined, now: Date): string {
	if (!iso) return '—';
	const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));
	if (seconds < 60) return `${seconds}s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
	return `${Math.floor(seconds / 86_400)}d`;
}

/** The window of rows around the selection that fits in `height`. */
export function visibleWindow(count: number, selected: number, height: number): {start: number; end: number} {
	if (count <= height) return {start: 0, end: count};
	const start = Math.min(Math.max(0, selected - Math.floor(height / 2)), count - height);
	return {start, end: start + height};
}

export function FindingsList({
	findings,
	selectedId,
	fixOutcomes = {},
	height,
	width,
	now,
}: {
	readonly findings: readonly Finding[];
	readonly selectedId?: string;
	readonly fixOutcomes?: Readonly<Record<string, FixOutcome>>;
	readonly height: number;
	readonly width: number;
	readonly now: Date;
}) {
	const tone = useTone();
	// With several regions or accounts, each place gets a heading row before its findings.
	const display: ({kind: 'place'; place: string} | {kind: 'finding'; finding: Finding})[] = [];
	for (const finding of findings) {
		const place = placeOf(finding);
		const previous = display.at(-1);
		const current = previous?.kind === 'finding' ? placeOf(previous.finding) : previous?.kind === 'place' ? previous.place : undefined;
		if (place && place !== current) display.push({kind: 'place', place});
		display.push({kind: 'finding', finding});
	}
	const selected = Math.max(
		0,
		display.findIndex(row => row.kind === 'finding' && row.finding.id === selectedId),
	);
	const rows = Math.max(1, height - 1);
	const {start, end} = visibleWindow(display.length, selected, rows);
	// mark 4, kind 12, verdict 18, state 15, age 4: the workload gets the rest (27 at 80 columns).
	const nameWidth = Math.max(12, width - 4 - 12 - 18 - 15 - 4);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end" {...tone('muted')}>
				{'    '}
				{pad('Kind', 12)}
				{pad('Workload', nameWidth)}
				{pad('Verdict', 18)}
				{pad('State', 15)}
				{'Age'}
			</Text>
			{display.slice(start, end).map(row => {
				if (row.kind === 'place') {
					return (
						<Text key={`place ${row.place}`} wrap="truncate-end" {...tone('strong')}>
							{row.place}
						</Text>
					);
				}
				const {finding} = row;
				const isSelected = finding.id === selectedId;
				const outcome = fixOutcomes[finding.id];
				const mark = findingMark(finding);
				// The state beside the verdict: what a fix did here, else whether it still fails.
				const fixed = outcome ? fixedMarks[outcome] : undefined;
				const state = fixed
					? {...fixed, words: listStates[outcome as keyof typeof listStates] ?? fixed.words}
					: {glyph: mark.glyph, words: listStates[finding.status], tone: statusTones[finding.status]};
				const verdictToneName = verdictTone(finding.verdict);
				const name = `${finding.workload.cluster ? `${finding.workload.cluster}/` : ''}${finding.workload.name}`;
				return (
					<Text key={finding.id} wrap="truncate-end">
						<Text {...tone('accent')}>{isSelected ? '› ' : '  '}</Text>
						<Text {...tone(fixed?.tone ?? mark.tone)}>{fixed?.glyph ?? mark.glyph} </Text>
						<Text {...tone(isSelected ? 'selected' : undefined)}>
							{pad(kindWords[finding.workload.kind], 12)}
							{pad(name, nameWidth)}
						</Text>
						<Text {...tone(verdictToneName)}>{pad(listVerdicts[finding.verdict], 18)}</Text>
						<Text {...tone(state.tone)}>{pad(state.words, 15)}</Text>
						<Text {...tone('muted')}>{age(finding.lastFailureAt, now)}</Text>
					</Text>
				);
			})}
			{display.length > rows ? (
				<Text {...tone('muted')}>
					{start + 1}–{end} of {display.length}
					{display.length === findings.length ? '' : ` rows, ${findings.length} findings`}
				</Text>
			) : null}
		</Box>
	);
}
