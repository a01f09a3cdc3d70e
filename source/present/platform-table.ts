import type {Finding, HostReport} from '../diagnosis/types.js';
import {parsePlatform, runsOn} from '../registry/platform.js';
import {plural} from '../text.js';
import {pad, wrap, type Line, type Segment, type Tone} from './line.js';

type Cell = {readonly platform: string; readonly marker?: {readonly text: string; readonly tone: Tone}; readonly source: readonly string[]};

const shortDigest = (digest: string) => `${digest.slice(0, 19)}…`;

function hostCell(host: HostReport, needed: string | undefined): Cell {
	const hostPlatform = parsePlatform(host.platform);
	const neededPlatform = needed ? parsePlatform(needed) : undefined;
	const differs = hostPlatform && neededPlatform && !runsOn(hostPlatform, neededPlatform);
	const source =
		host.source === 'docker-daemon'
			? [`docker daemon${host.dockerVersion ? ` ${host.dockerVersion}` : ''}`, host.containerdImageStore ? 'containerd image store' : 'classic image store']
			: ['Node.js process (no Docker daemon)'];
	return {
		platform: host.platform,
		...(differs ? {marker: {text: '≠ not what is needed', tone: 'warn' as const}} : {}),
		source: differs ? [...source, `plain pulls and builds here give ${hostPlatform.architecture}`] : source,
	};
}

function imageCell(finding: Finding): Cell {
	const {image, runtime} = finding;
	if (image.platforms.length === 0) return {platform: 'unknown', marker: {text: '? not read', tone: 'warn'}, source: [image.unknownReason ?? 'not read']};
	const needed = runtime.platform ? parsePlatform(runtime.platform) : undefined;
	// A platform that does not parse ("arm 64", "arm64/v8/v8") runs nothing the workload needs.
	const runs = (platform: string) => {
		const parsed = parsePlatform(platform);
		return parsed !== undefined && needed !== undefined && runsOn(parsed, needed);
	};
	const holds = needed ? image.platforms.some(runs) : undefined;
	// The label says the platform, the files do not: the bytes win.
	const lies = holds && finding.bytes?.verdict === 'architecture-mismatch' && finding.bytes.file;
	const marker: Cell['marker'] = lies
		? {text: `✗ label only: files are ${lies.platform ?? lies.description ?? 'other'}`, tone: 'bad'}
		: holds === undefined
			? undefined
			: holds
				? {text: `✓ has ${runtime.platform}`, tone: 'good'}
				: {text: `✗ lacks ${runtime.platform}`, tone: 'bad'};
	const source = [
		image.kind === 'index'
			? `ECR index ${image.digest ? shortDigest(image.digest) : ''}`.trim()
			: `ECR manifest ${image.digest ? shortDigest(image.digest) : ''}`.trim(),
		image.kind === 'manifest' ? 'platform from its config blob' : `${plural(image.attestationCount, 'attestation entry', 'attestation entries')} skipped`,
		// The API path is too long for a narrow cell; the plain and JSON output keep it whole.
		...(image.digestSource ? [`digest: ${image.digestSource.replace(' containers[].imageDigest', ' (imageDigest)')}`] : []),
		...(image.tagNow ? [`the tag now names ${shortDigest(image.tagNow.digest)}: ${image.tagNow.platforms.join(', ')}`] : []),
	];
	return {platform: image.platforms.join(', '), ...(marker ? {marker} : {}), source};
}

function runtimeCell(finding: Finding): Cell {
	return {
		platform: finding.runtime.platform ?? 'unknown',
		...(finding.runtime.platform ? {} : {marker: {text: '? not known', tone: 'warn' as const}}),
		source: [finding.runtime.source],
	};
}

/**
 * The centrepiece: what the host builds, what the image holds and what the workload needs,
 * side by side. The mismatch is marked by a glyph and a word, so it reads without colour.
 */
export function platformTable(finding: Finding, host: HostReport, width: number): Line[] {
	const labelWidth = 9;
	// Two spaces between columns, so a line never reads on into the next column's words.
	const gap = '  ';
	const columnWidth = Math.max(16, Math.floor((width - labelWidth) / 3) - gap.length);
	const workloadHeader = finding.workload.kind === 'ecs-task' ? 'Task needs' : 'Service needs';
	const cells = [hostCell(host, finding.runtime.platform), imageCell(finding), runtimeCell(finding)];
	const row = (label: string, contents: (cell: Cell) => Segment): Line => ({
		segments: [
			{text: pad(label, labelWidth), tone: 'muted'},
			...cells.flatMap(cell => {
				const segment = contents(cell);
				return [{...segment, text: pad(segment.text, columnWidth)}, {text: gap}];
			}),
		],
	});
	const lines: Line[] = [
		{
			segments: [
				{text: pad('', labelWidth)},
				...['Host (this machine)', 'Image (in ECR)', workloadHeader].flatMap(title => [{text: pad(title, columnWidth), tone: 'strong' as const}, {text: gap}]),
			],
		},
		row('Platform', cell => ({text: cell.platform, tone: 'strong'})),
	];
	if (cells.some(cell => cell.marker)) lines.push(row('', cell => (cell.marker ? {text: cell.marker.text, tone: cell.marker.tone} : {text: ''})));
	const wrapped = cells.map(cell => cell.source.flatMap(text => wrap(text, columnWidth).map(part => part.segments[0]!.text)));
	const height = Math.max(...wrapped.map(parts => parts.length));
	for (let index = 0; index < height; index++) {
		lines.push({
			segments: [
				{text: pad(index === 0 ? 'From' : '', labelWidth), tone: 'muted'},
				...wrapped.flatMap(parts => [{text: pad(parts[index] ?? '', columnWidth), tone: 'muted' as const}, {text: gap}]),
			],
		});
	}
	return lines;
}
