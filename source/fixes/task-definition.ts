/**
 * DescribeTaskDefinition returns fields RegisterTaskDefinition refuses: the members of
 * TaskDefinition that RegisterTaskDefinitionRequest does not have.
 */
export const readOnlyTaskDefinitionFields = [
	'taskDefinitionArn',
	'revision',
	'status',
	'requiresAttributes',
	'compatibilities',
	'registeredAt',
	'registeredBy',
	'deregisteredAt',
	'deleteRequestedAt',
] as const;

export type TaskDefinitionChange = {
	readonly cpuArchitecture?: 'X86_64' | 'ARM64';
	readonly image?: {readonly container: string; readonly image: string};
};

/** The next revision's RegisterTaskDefinition input: the described document without read-only fields, changed, with its tags. */
export function registerInputFrom(
	document: Readonly<Record<string, unknown>>,
	tags: readonly {key?: string; value?: string}[],
	change: TaskDefinitionChange,
): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(document)) {
		if (!(readOnlyTaskDefinitionFields as readonly string[]).includes(key) && value !== undefined) input[key] = value;
	}
	if (change.cpuArchitecture) {
		const current = (input.runtimePlatform ?? {}) as Record<string, unknown>;
		input.runtimePlatform = {...current, cpuArchitecture: change.cpuArchitecture, operatingSystemFamily: current.operatingSystemFamily ?? 'LINUX'};
	}
	if (change.image) {
		const {container, image} = change.image;
		input.containerDefinitions = (input.containerDefinitions as Record<string, unknown>[]).map(definition =>
			definition.name === container ? {...definition, image} : definition,
		);
	}
	if (tags.length > 0) input.tags = tags.map(tag => ({key: tag.key, value: tag.value}));
	return input;
}

/**
 * The same change as a jq program over `aws ecs describe-task-definition --include TAGS` output,
 * for the shell form: read-only fields dropped, tags kept, then the change.
 */
export function registerJqProgram(change: TaskDefinitionChange): string {
	const parts = ['.taskDefinition + {tags: (.tags // [])}', `del(${readOnlyTaskDefinitionFields.map(field => `.${field}`).join(', ')})`];
	if (change.cpuArchitecture) {
		parts.push(`.runtimePlatform = {cpuArchitecture: "${change.cpuArchitecture}", operatingSystemFamily: (.runtimePlatform.operatingSystemFamily // "LINUX")}`);
	}
	if (change.image) {
		parts.push(
			`.containerDefinitions |= map(if .name == ${JSON.stringify(change.image.container)} then .image = ${JSON.stringify(change.image.image)} else . end)`,
		);
	}
	return parts.join(' | ');
}
