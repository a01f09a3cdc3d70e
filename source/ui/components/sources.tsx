import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import type {SourceName} from '../../diagnosis/events.js';
import type {SourceStatus} from '../state/app-state.js';
import {safeText} from '../../present/safe.js';
import {useTone} from '../theme.js';

const labels: Record<SourceName, string> = {
	ecs: 'ECS clusters',
	apprunner: 'App Runner services',
	lambda: 'Lambda functions',
	logs: 'CloudWatch log groups',
	images: 'ECR images',
};

function Glyph({status}: {readonly status: SourceStatus}) {
	const tone = useTone();
	if (status.state === 'running') return <Spinner type="dots" />;
	if (status.state === 'done') return <Text {...tone('good')}>✓</Text>;
	if (status.state === 'failed') return <Text {...tone('warn')}>!</Text>;
	if (status.state === 'skipped') return <Text {...tone('muted')}>-</Text>;
	return <Text {...tone('muted')}>·</Text>;
}

/** One row per source with a spinner and a count while it runs. */
export function Sources({sources}: {readonly sources: Readonly<Record<SourceName, SourceStatus>>}) {
	const tone = useTone();
	return (
		<Box flexDirection="column">
			{(Object.keys(labels) as SourceName[]).map(name => {
				const status = sources[name];
				const words = status.state === 'skipped' ? 'not in scope' : status.state === 'waiting' ? 'waiting' : (status.detail ?? String(status.count));
				return (
					<Text key={name} wrap="truncate-end">
						<Glyph status={status} /> {labels[name].padEnd(22)}
						<Text {...tone('muted')}>{safeText(words)}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
