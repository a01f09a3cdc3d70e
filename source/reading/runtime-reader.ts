import {isAwsError} from '../errors.js';
import {formatPlatform, linuxAmd64, makePlatform, platformFromEcsCpuArchitecture} from '../registry/platform.js';
import type {AccountPort, EcsTask, EcsTaskDefinition} from '../ports/account.js';
import type {Progress} from './progress.js';
import {arnName} from '../diagnosis/signatures.js';
import type {RuntimeFacts} from '../diagnosis/facts.js';

function definitionName(definition: EcsTaskDefinition): string {
	return `${definition.family}:${definition.revision}`;
}

function isFargate(definition: EcsTaskDefinition | undefined, launchType: string | undefined): boolean {
	if (launchType) return launchType === 'FARGATE';
	return definition?.requiresCompatibilities.includes('FARGATE') ?? false;
}

/**
 * What a task definition itself says it runs on: its runtimePlatform, or X86_64 on Fargate.
 * Undefined when neither says: on EC2 the capacity it is placed on decides.
 */
export function declaredRuntime(definition: EcsTaskDefinition | undefined, launchType: string | undefined, name: string, ran = ''): RuntimeFacts | undefined {
	if (definition?.cpuArchitecture) {
		const platform = platformFromEcsCpuArchitecture(definition.cpuArchitecture);
		return platform
			? {platform, source: `${name}, runtimePlatform.cpuArchitecture ${definition.cpuArchitecture}${ran}`}
			: {source: `${name} has runtimePlatform.cpuArchitecture "${definition.cpuArchitecture}", which ECS does not know`};
	}
	if (isFargate(definition, launchType)) return {platform: linuxAmd64, source: `${name}, no runtimePlatform, so X86_64 on Fargate${ran}`};
	return undefined;
}

/** The platform an ECS workload needs, and where that comes from. */
export class RuntimeReader {
	private readonly clusterArchitectures = new Map<string, Promise<RuntimeFacts | undefined>>();

	constructor(
		private readonly port: AccountPort,
		private readonly progress: Progress,
	) {}

	async forEcs(options: {definition?: EcsTaskDefinition; task?: EcsTask; launchType?: string; clusterArn?: string}): Promise<RuntimeFacts> {
		const {definition, task} = options;
		const launchType = task?.launchType ?? options.launchType;
		const ran = task?.cpuArchitecture ? ` (task ${task.id.slice(0, 8)} ran on ${task.cpuArchitecture})` : '';

		const declared = declaredRuntime(definition, launchType, definition ? `task definition ${definitionName(definition)}` : 'the task definition', ran);
		if (declared) return declared;
		if (task?.cpuArchitecture) {
			return {
				platform: makePlatform('linux', task.cpuArchitecture),
				source: `task ${task.id.slice(0, 8)} attribute ecs.cpu-architecture ${task.cpuArchitecture} (EC2 launch type)`,
			};
		}
		if (task?.containerInstanceArn) {
			const facts = await this.instanceArchitecture(task.clusterArn, task.containerInstanceArn);
			if (facts) return facts;
		}
		const clusterArn = task?.clusterArn ?? options.clusterArn;
		if (clusterArn) {
			const facts = await this.clusterArchitecture(clusterArn);
			if (facts) return facts;
		}
		return {source: 'EC2 launch type without runtimePlatform, and the container instance it ran on is unknown'};
	}

	private async instanceArchitecture(clusterArn: string, instanceArn: string): Promise<RuntimeFacts | undefined> {
		try {
			const [instance] = await this.port.describeContainerInstances(clusterArn, [instanceArn]);
			const platform = instance?.cpuArchitecture ? makePlatform('linux', instance.cpuArchitecture) : undefined;
			return platform
				? {platform, source: `container instance ${instance!.ec2InstanceId ?? arnName(instanceArn)}, ecs.cpu-architecture ${instance!.cpuArchitecture}`}
				: undefined;
		} catch (error) {
			if (!isAwsError(error)) throw error;
			this.progress.tolerate(error, 'Reading the container instance');
			return undefined;
		}
	}

	/** For EC2 without runtimePlatform: the cluster's instances, when they all agree. */
	private clusterArchitecture(clusterArn: string): Promise<RuntimeFacts | undefined> {
		let facts = this.clusterArchitectures.get(clusterArn);
		if (!facts) {
			facts = (async () => {
				try {
					const arns = await this.port.listContainerInstances(clusterArn);
					if (arns.length === 0) return undefined;
					const instances = await this.port.describeContainerInstances(clusterArn, arns);
					const platforms = new Set(instances.map(instance => instance.cpuArchitecture).filter(Boolean));
					const cluster = arnName(clusterArn);
					if (platforms.size !== 1)
						return {
							source: `cluster ${cluster} has container instances of ${[...platforms].join(' and ') || 'unknown'} architecture, and the task definition sets no runtimePlatform`,
						};
					const [architecture] = platforms;
					const platform = makePlatform('linux', architecture!);
					return {
						platform,
						source: `all ${instances.length} container instances in cluster ${cluster} report ecs.cpu-architecture ${architecture} (${formatPlatform(platform)})`,
					};
				} catch (error) {
					if (!isAwsError(error)) throw error;
					this.progress.tolerate(error, "Reading the cluster's container instances");
					return undefined;
				}
			})();
			this.clusterArchitectures.set(clusterArn, facts);
		}
		return facts;
	}
}
