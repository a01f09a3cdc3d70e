import type {Workload} from '../diagnosis/types.js';

/** The AWS console page of a workload. */
export function consoleUrl(workload: Workload, region: string): string {
	const base = `https://${region}.console.aws.amazon.com`;
	const cluster = encodeURIComponent(workload.cluster ?? 'default');
	switch (workload.kind) {
		case 'ecs-service': {
			return `${base}/ecs/v2/clusters/${cluster}/services/${encodeURIComponent(workload.name)}/health?region=${region}`;
		}
		case 'ecs-task': {
			const taskId = workload.arn.split('/').at(-1) ?? '';
			return workload.cluster
				? `${base}/ecs/v2/clusters/${cluster}/tasks/${taskId}/configuration?region=${region}`
				: `${base}/ecs/v2/clusters?region=${region}`;
		}
		case 'apprunner-service': {
			return `${base}/apprunner/home?region=${region}#/services/dashboard?service_arn=${encodeURIComponent(workload.arn)}&active_tab=logs`;
		}
		case 'lambda-function': {
			return `${base}/lambda/home?region=${region}#/functions/${encodeURIComponent(workload.name)}?tab=monitoring`;
		}
	}
}
