/**
 * The live blocks of the walkthrough: real output from the account being looked at (the
 * built-in one, or the user's own), computed with the same code the scan uses.
 */
import type {AccountPort, EcsTaskDefinition} from '../ports/account.js';
import {workloadLabel} from '../diagnosis/explain.js';
import {ImageReader} from '../reading/image-reader.js';
import {appRunnerRuntime, lambdaRuntime, type ImageFacts} from '../diagnosis/facts.js';
import {Progress} from '../reading/progress.js';
import {RuntimeReader} from '../reading/runtime-reader.js';
import {scan} from '../reading/scan.js';
import {arnName} from '../diagnosis/signatures.js';
import type {HostReport, ScanReport} from '../diagnosis/types.js';
import {formatPlatform} from '../registry/platform.js';
import {plural} from '../text.js';

export type LiveContext = {
	readonly port: AccountPort;
	readonly host: HostReport;
	readonly now: Date;
};

type WorkloadImage = {
	readonly label: string;
	/** The container, when the task runs several (each has its own image). */
	readonly container?: string;
	readonly image: string;
	readonly facts: ImageFacts;
	readonly definition?: EcsTaskDefinition;
	readonly launchType?: string;
	readonly clusterArn?: string;
	readonly appRunner: boolean;
	/** A Lambda function: the architectures it runs on. */
	readonly lambdaArchitectures?: readonly string[];
};

const censusLimit = 16;

/** The images the account's workloads run, read from ECR: at most a dozen, ECS first. */
async function census(context: LiveContext, progress: Progress): Promise<WorkloadImage[]> {
	const {port} = context;
	const reader = new ImageReader(port, progress);
	const found: Omit<WorkloadImage, 'facts'>[] = [];
	for (const clusterArn of await port.listClusters()) {
		const arns = await port.listServices(clusterArn);
		if (arns.length === 0) continue;
		const {services} = await port.describeServices(clusterArn, arns);
		for (const service of [...services].sort((a, b) => a.name.localeCompare(b.name))) {
			const definition = await port.describeTaskDefinition(service.taskDefinition);
			const label = workloadLabel({kind: 'ecs-service', name: service.name, arn: service.arn, cluster: arnName(clusterArn)});
			// A sidecar's image is as much part of the task as the app's.
			for (const container of definition.containers) {
				const several = definition.containers.length > 1;
				found.push({
					label: several ? `${label} (${container.name})` : label,
					...(several ? {container: container.name} : {}),
					image: container.image,
					definition,
					...(service.launchType ? {launchType: service.launchType} : {}),
					clusterArn,
					appRunner: false,
				});
			}
			if (found.length >= censusLimit) break;
		}
		if (found.length >= censusLimit) break;
	}
	for (const summary of await port.listAppRunnerServices().catch(() => [])) {
		if (found.length >= censusLimit) break;
		const service = await port.describeAppRunnerService(summary.arn);
		if (service.imageIdentifier) found.push({label: `App Runner service ${service.name}`, image: service.imageIdentifier, appRunner: true});
	}
	for (const summary of await port.listLambdaFunctions().catch(() => [])) {
		if (found.length >= censusLimit) break;
		if (summary.packageType !== 'Image') continue;
		const lambda = await port.getLambdaFunction(summary.name).catch(() => undefined);
		if (lambda?.imageUri)
			found.push({label: `Lambda function ${lambda.name}`, image: lambda.imageUri, appRunner: false, lambdaArchitectures: lambda.architectures});
	}
	return Promise.all(found.map(async item => ({...item, facts: await reader.read(item.image)})));
}

function shortImage(image: string): string {
	return image.replace(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\//, '');
}

function platformsOf(facts: ImageFacts): string {
	if (facts.unknownReason) return `unknown: ${facts.unknownReason}`;
	const platforms = facts.platforms.map(formatPlatform).join(', ');
	return facts.attestationCount > 0 ? `${platforms} (+ ${plural(facts.attestationCount, 'attestation')})` : platforms;
}

function table(rows: readonly (readonly string[])[]): string {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

async function scanOf(context: LiveContext): Promise<ScanReport> {
	return scan({since: new Date(context.now.getTime() - 24 * 3_600_000), until: context.now}, {account: context.port, probeHost: async () => context.host});
}

type LiveBlock = (context: LiveContext) => Promise<string>;

export const liveBlocks: Record<string, LiveBlock> = {
	async host({host}) {
		const source =
			host.source === 'docker-daemon'
				? `docker daemon${host.dockerVersion ? ` ${host.dockerVersion}` : ''} (${host.containerdImageStore ? 'containerd' : 'classic'} image store)`
				: 'this Node.js process (no Docker daemon)';
		return `Host: ${host.platform}\nSource: ${source}`;
	},

	async images(context) {
		const items = await census(context, new Progress());
		if (items.length === 0) return 'No ECS service or App Runner service in this account and region.';
		return table([
			['Workload', 'Image', 'Kind', 'Platforms'],
			...items.map(item => [item.label, shortImage(item.image), item.facts.kind ?? '?', platformsOf(item.facts)]),
		]);
	},

	async index(context) {
		const item = (await census(context, new Progress())).find(candidate => candidate.facts.kind === 'index');
		const reference = item?.facts.reference;
		if (!item || !reference?.ecr) return 'No workload in this account runs a multi-platform index.';
		const lookup = await context.port.batchGetImage(reference.ecr.registryId, reference.repository, {digest: item.facts.digest!});
		if ('failure' in lookup) return `ECR did not return the index: ${lookup.failure.reason}`;
		return `${shortImage(item.image)} → ${lookup.image.mediaType ?? 'index'}\n${JSON.stringify(JSON.parse(lookup.image.manifest), null, 2)}`;
	},

	async config(context) {
		const item = (await census(context, new Progress())).find(candidate => candidate.facts.kind === 'manifest' && !candidate.facts.unknownReason);
		const reference = item?.facts.reference;
		if (!item || !reference?.ecr) return 'No workload in this account runs a single-platform image.';
		const lookup = await context.port.batchGetImage(reference.ecr.registryId, reference.repository, {digest: item.facts.digest!});
		if ('failure' in lookup) return `ECR did not return the manifest: ${lookup.failure.reason}`;
		const manifest = JSON.parse(lookup.image.manifest) as {config: {digest: string}};
		const config = JSON.parse(
			new TextDecoder().decode(await context.port.getBlob(reference.ecr.registryId, reference.repository, manifest.config.digest)),
		) as Record<string, unknown>;
		const platform = Object.fromEntries(['architecture', 'os', 'variant'].filter(key => key in config).map(key => [key, config[key]]));
		return `${shortImage(item.image)} → ${lookup.image.mediaType ?? 'manifest'}\n${JSON.stringify(manifest, null, 2)}\n\nconfig blob ${manifest.config.digest.slice(0, 19)}…, platform fields:\n${JSON.stringify(platform, null, 2)}`;
	},

	async runtimes(context) {
		const progress = new Progress();
		const runtimes = new RuntimeReader(context.port, progress);
		const items = await census(context, progress);
		if (items.length === 0) return 'No ECS service or App Runner service in this account and region.';
		// One row per task: its containers share the platform it needs.
		const tasks = items.filter(item => !item.container || item.container === item.definition?.containers[0]?.name);
		const rows = await Promise.all(
			tasks.map(async item => {
				const runtime = item.appRunner
					? appRunnerRuntime
					: item.lambdaArchitectures
						? lambdaRuntime(item.lambdaArchitectures)
						: await runtimes.forEcs({
								...(item.definition ? {definition: item.definition} : {}),
								...(item.launchType ? {launchType: item.launchType} : {}),
								...(item.clusterArn ? {clusterArn: item.clusterArn} : {}),
							});
				return [
					item.container ? item.label.replace(` (${item.container})`, '') : item.label,
					runtime.platform ? formatPlatform(runtime.platform) : 'unknown',
					runtime.source,
				];
			}),
		);
		return table([['Workload', 'Needs', 'Because'], ...rows]);
	},

	async fixes(context) {
		const report = await scanOf(context);
		// The chapter teaches ECS's redeploy rule: its example is the first ECS service with a fix.
		const fixable = report.findings.filter(candidate => candidate.fixes.length > 0);
		const finding = fixable.find(candidate => candidate.workload.kind === 'ecs-service') ?? fixable[0];
		if (!finding) return 'No finding in this account needs a fix.';
		const fix = finding.fixes[0]!;
		return [
			`${workloadLabel(finding.workload)}: ${finding.summary}`,
			'',
			`Fix 1: ${fix.title}`,
			...fix.commands.map(command => `$ ${command}`),
			'',
			...fix.notes.map(note => `· ${note}`),
		].join('\n');
	},

	async bytes(context) {
		const report = await scanOf(context);
		// By workload, not by the latest failure: the example reads the same whenever it is made.
		const read = report.findings.filter(finding => finding.bytes?.file).sort((a, b) => a.id.localeCompare(b.id));
		if (read.length === 0) return 'No finding in this account needed its bytes read: the labels explained every one.';
		return read
			.map(finding => {
				const bytes = finding.bytes!;
				const file = bytes.file!;
				const what = file.missing ? `not in the image: ${file.missing}` : `${file.description ?? 'unreadable'}${file.platform ? ` (${file.platform})` : ''}`;
				return [
					`${workloadLabel(finding.workload)}: label ${finding.image.platforms.join(', ') || 'unknown'}, needs ${finding.runtime.platform ?? 'unknown'}`,
					`  ${file.path}${file.via.length > 0 ? ` via ${file.via.join(', ')}` : ''}: ${what}`,
					...(bytes.interpreter
						? [`  interpreter ${bytes.interpreter.path}: ${bytes.interpreter.missing ?? bytes.interpreter.description ?? 'unreadable'}`]
						: []),
					`  read ${plural(bytes.layersRead, 'layer')} of ${bytes.layersTotal}, ${plural(bytes.bytesRead, 'compressed byte')}`,
					`  → ${finding.verdict}: ${bytes.cause ?? finding.summary}`,
				].join('\n');
			})
			.join('\n\n');
	},

	async ci(context) {
		const report = await scanOf(context);
		// Sorted as `sort` does (bytewise), so the example does not depend on which failure was latest.
		const lines = report.findings.map(finding => `${finding.id} ${finding.verdict}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		return [
			'$ execdoctor scan --json > report.json; echo "exit code $?"',
			`exit code ${report.findings.length > 0 ? 1 : 0}`,
			`$ jq -r '.findings[] | "\\(.id) \\(.verdict)"' report.json | LC_ALL=C sort`,
			...(lines.length > 0 ? lines : []),
		].join('\n');
	},
};

/** Runs a live block; a failure becomes its output, so one missing permission does not stop the walkthrough. */
export async function runLiveBlock(name: string, context: LiveContext): Promise<string> {
	const block = liveBlocks[name];
	if (!block) return `(unknown live block "${name}")`;
	try {
		return await block(context);
	} catch (error) {
		return `Could not run this against the account: ${error instanceof Error ? error.message : String(error)}`;
	}
}
