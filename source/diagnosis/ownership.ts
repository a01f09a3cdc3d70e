/**
 * Whether a deploy tool owns the task definition or the service, from the marks such tools leave:
 * CloudFormation's `aws:cloudformation:*` tags, the CDK's CloudFormation execution role in
 * `registeredBy`, Copilot's `copilot-*` tags, and the tags teams give Terraform-managed
 * resources. A change made beside such a tool is undone by its next deploy.
 */
import type {ResourceTag} from '../ports/account.js';

export type OwnerTool = 'cdk' | 'cloudformation' | 'copilot' | 'terraform';

export type Ownership = {
	readonly tool: OwnerTool;
	/** The stack, application or workspace, when the marks name one. */
	readonly name?: string;
	/** What says so, e.g. `tag aws:cloudformation:stack-name=ShopApi`. */
	readonly evidence: string;
};

const tagValue = (tags: readonly ResourceTag[], key: string) => tags.find(tag => tag.key === key)?.value;

function terraformTag(tags: readonly ResourceTag[]): ResourceTag | undefined {
	return tags.find(tag => {
		const key = tag.key.toLowerCase();
		const value = tag.value.toLowerCase();
		if (key === 'terraform' || key.startsWith('terraform:') || key.startsWith('tf:') || key === 'tf-workspace') return true;
		return ['managedby', 'managed-by', 'managed_by', 'provisioner', 'provisioned-by', 'iac', 'tool'].includes(key) && /^(terraform|opentofu)$/.test(value);
	});
}

export function ownerOf(resource: {readonly tags?: readonly ResourceTag[]; readonly registeredBy?: string}): Ownership | undefined {
	const tags = resource.tags ?? [];
	const stack = tagValue(tags, 'aws:cloudformation:stack-name');
	// The CDK deploys through CloudFormation with its bootstrap role, cdk-<qualifier>-cfn-exec-role-….
	if (resource.registeredBy && /:assumed-role\/cdk-[a-z0-9]+-cfn-exec-role-/.test(resource.registeredBy)) {
		return {tool: 'cdk', ...(stack ? {name: stack} : {}), evidence: `registered by ${resource.registeredBy}`};
	}
	const copilot = tagValue(tags, 'copilot-application');
	if (copilot) {
		const service = tagValue(tags, 'copilot-service');
		return {tool: 'copilot', name: service ? `${copilot}/${service}` : copilot, evidence: `tag copilot-application=${copilot}`};
	}
	if (stack) return {tool: 'cloudformation', name: stack, evidence: `tag aws:cloudformation:stack-name=${stack}`};
	if (resource.registeredBy && /:assumed-role\/[^/]+\/AWSCloudFormation$/.test(resource.registeredBy)) {
		return {tool: 'cloudformation', evidence: `registered by ${resource.registeredBy}`};
	}
	const terraform = terraformTag(tags);
	if (terraform) return {tool: 'terraform', evidence: `tag ${terraform.key}=${terraform.value}`};
	return undefined;
}

const toolNames: Record<OwnerTool, string> = {cdk: 'the CDK', cloudformation: 'CloudFormation', copilot: 'Copilot', terraform: 'Terraform'};

/** Where to make a runtimePlatform change so that it sticks, in the tool's own words. */
export function runtimePlatformChange(tool: OwnerTool, architecture: 'X86_64' | 'ARM64'): string {
	switch (tool) {
		case 'cdk': {
			return `runtimePlatform: {cpuArchitecture: ecs.CpuArchitecture.${architecture}, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX} on the task definition`;
		}
		case 'cloudformation': {
			return `RuntimePlatform: {CpuArchitecture: ${architecture}, OperatingSystemFamily: LINUX} on the AWS::ECS::TaskDefinition`;
		}
		case 'copilot': {
			return `platform: linux/${architecture === 'ARM64' ? 'arm64' : 'x86_64'} in the service's manifest.yml`;
		}
		case 'terraform': {
			return `runtime_platform { cpu_architecture = "${architecture}", operating_system_family = "LINUX" } in the aws_ecs_task_definition`;
		}
	}
}

/** The warning a change beside the owner needs, and where to make it instead. */
export function ownershipWarning(ownership: Ownership, what: string, change?: string): string {
	const owner = `${toolNames[ownership.tool]}${ownership.name ? `, ${ownership.tool === 'copilot' ? 'service' : 'stack'} ${ownership.name}` : ''}`;
	return `${what} is managed by ${owner} (${ownership.evidence}): a change made here is undone by its next deploy.${change ? ` Make it there too: ${change}.` : ''}`;
}
