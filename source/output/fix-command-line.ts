import {arnName} from '../diagnosis/signatures.js';
import type {Finding} from '../diagnosis/types.js';

/** The `execdoctor fix` command that applies a strategy to this workload; none for a standalone task. */
export function fixCommandFor(finding: Finding, fixId: string): string | undefined {
	const {workload} = finding;
	if (workload.kind === 'ecs-task') return undefined;
	const revision = workload.serviceTaskDefinition && workload.taskDefinition ? ` --task-definition ${arnName(workload.taskDefinition)}` : '';
	const target =
		workload.kind === 'apprunner-service'
			? `--app-runner-service ${workload.name}`
			: `--cluster ${workload.cluster ?? 'default'} --service ${workload.name}${revision}`;
	return `execdoctor fix ${target} --strategy ${fixId}`;
}
