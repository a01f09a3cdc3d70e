import type {ScanEvent} from '../diagnosis/events.js';

const sourceNames = {ecs: 'ECS', apprunner: 'App Runner', lambda: 'Lambda', logs: 'CloudWatch Logs', images: 'ECR images'} as const;

/**
 * Progress for pipes and CI: one line per finished source, first sighting of a finding,
 * or warning, for stderr. Stateful: a finding refined later is not announced twice.
 */
export function createProgressLines(): (event: ScanEvent) => string | undefined {
	const announced = new Set<string>();
	return event => {
		if (event.type === 'identity') return `execdoctor: account ${event.account ?? 'unknown'}, region ${event.region}`;
		if (event.type === 'warning') return `execdoctor: warning: ${event.warning.message}`;
		if (event.type === 'finding') {
			if (announced.has(event.finding.id)) return undefined;
			announced.add(event.finding.id);
			return `execdoctor: found ${event.finding.id} (${event.finding.verdict})`;
		}
		if (event.state === 'done' || event.state === 'failed') {
			return `execdoctor: ${sourceNames[event.source]} ${event.state === 'done' ? 'read' : 'could not be read'}${event.detail ? `: ${event.detail}` : ''}`;
		}
		return undefined;
	};
}
