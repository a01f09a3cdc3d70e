import {parseArgs} from 'node:util';
import {UsageError} from './errors.js';
import {allCodes, isFindingCode, type FindingCode} from './diagnosis/codes.js';
import {parseImageReference} from './registry/image-reference.js';
import {isValidRegionName} from './regions.js';
import {parsePlatform, type Platform} from './registry/platform.js';
import {parseDuration, parseSince} from './since.js';
import {didYouMean} from './text.js';
import {isScenarioName, scenarioNames, type ScenarioName} from './simulator/scenario-names.js';

export const commands = ['scan', 'demo', 'learn', 'fix', 'undo', 'history', 'check', 'permissions', 'report', 'mcp'] as const;
export type Command = 'app' | (typeof commands)[number];

export const strategies = ['redeploy', 'repush', 'copy-index', 'rebuild', 'patch-task-definition', 'set-architecture'] as const;
export type Strategy = (typeof strategies)[number];

export type Options = {
	readonly command: Command;
	/** The first (or only) region named; `regions` holds them all when several were. */
	readonly region?: string;
	readonly profile?: string;
	/** scan and the app: several regions (`--region a,b`), several profiles (`--profile p,q`), every enabled region. */
	readonly regions?: readonly string[];
	readonly profiles?: readonly string[];
	readonly allRegions?: boolean;
	/** scan and the app: accounts to assume `roleName` in, from the credentials the chain gives. */
	readonly accounts?: readonly string[];
	readonly roleName?: string;
	/** scan and the app: search the linked accounts' logs from this monitoring account, then enter only those with hits. */
	readonly monitoringAccount?: boolean;
	readonly since: string;
	readonly cluster?: string;
	readonly service?: string;
	readonly appRunnerService?: string;
	readonly lambdaFunction?: string;
	/** fix: the ECS task definition revision to repair, when not the one the service runs (after a rollback). */
	readonly taskDefinition?: string;
	readonly json: boolean;
	readonly readOnly: boolean;
	readonly scenario?: ScenarioName;
	readonly strategy?: Strategy;
	readonly source?: string;
	readonly tag?: string;
	readonly dryRun: boolean;
	readonly yes: boolean;
	/** fix: how long verification may wait for the deployment, e.g. `15m`. */
	/** scan: the whole scan's budget (default 3m); fix: how long verification may wait (default 15m). */
	readonly timeout?: string;
	readonly interactive?: boolean;
	/** undo: the journal to replay (default: the newest). */
	readonly journal?: string;
	/** scan: how many compressed layer bytes may be read for the bytes of a failing file; false: none (--no-layer-read). */
	readonly layerBytes?: number | false;
	/** scan: fail (exit 1) only on open findings with these codes; default: on every open finding. */
	readonly failOn?: readonly FindingCode[];
	/** check: the image (an ECR reference, a path, or with --local a local image) and what it must run on. */
	readonly image?: string;
	readonly checkTarget?: CheckTargetOption;
	readonly local?: boolean;
	/** check: also write a JUnit XML report here. */
	readonly junit?: string;
	/** permissions --fix: the actions fixes need too. */
	readonly fixPermissions?: boolean;
	/** mcp: offer plan_fix (a dry run; no tool ever applies a change). */
	readonly allowFix?: boolean;
	/** report: where to write it, and as what. */
	readonly out?: string;
	readonly reportFormat?: 'md' | 'json';
};

/** check's one target, as the command line gives it (a task definition file is read by the command). */
export type CheckTargetOption =
	| {readonly kind: 'platforms'; readonly platforms: readonly Platform[]}
	| {readonly kind: 'ecs-service'; readonly cluster: string; readonly service: string}
	| {readonly kind: 'task-definition'; readonly file?: string; readonly revision?: string}
	| {readonly kind: 'app-runner'}
	| {readonly kind: 'lambda'; readonly functionName: string};

type FlagSpec = {type: 'string' | 'boolean'; short?: string; commands: readonly Command[]};

const everywhere: readonly Command[] = ['app', 'scan', 'demo', 'learn', 'fix'];
const flags: Record<string, FlagSpec> = {
	region: {type: 'string', commands: ['app', 'scan', 'learn', 'fix', 'check', 'permissions', 'report', 'mcp']},
	'all-regions': {type: 'boolean', commands: ['app', 'scan', 'report']},
	accounts: {type: 'string', commands: ['app', 'scan', 'report']},
	'role-name': {type: 'string', commands: ['app', 'scan', 'report']},
	'monitoring-account': {type: 'boolean', commands: ['app', 'scan', 'report']},
	profile: {type: 'string', commands: ['app', 'scan', 'learn', 'fix', 'undo', 'check', 'permissions', 'report', 'mcp']},
	fix: {type: 'boolean', commands: ['permissions']},
	since: {type: 'string', commands: ['app', 'scan', 'demo', 'fix', 'report']},
	cluster: {type: 'string', commands: ['app', 'scan', 'demo', 'fix', 'report']},
	service: {type: 'string', commands: ['app', 'scan', 'demo', 'fix', 'report']},
	'app-runner-service': {type: 'string', commands: ['app', 'scan', 'demo', 'fix', 'report']},
	'lambda-function': {type: 'string', commands: ['app', 'scan', 'demo', 'fix', 'report']},
	json: {type: 'boolean', commands: ['app', 'scan', 'demo', 'fix', 'undo', 'history', 'check', 'permissions']},
	'read-only': {type: 'boolean', commands: everywhere},
	scenario: {type: 'string', commands: ['demo', 'learn', 'fix', 'check', 'permissions', 'report', 'mcp']},
	strategy: {type: 'string', commands: ['fix']},
	source: {type: 'string', commands: ['fix']},
	tag: {type: 'string', commands: ['fix']},
	'task-definition': {type: 'string', commands: ['fix', 'check']},
	platform: {type: 'string', commands: ['check']},
	for: {type: 'string', commands: ['check']},
	'app-runner': {type: 'boolean', commands: ['check']},
	lambda: {type: 'string', commands: ['check']},
	local: {type: 'boolean', commands: ['check']},
	junit: {type: 'string', commands: ['check']},
	out: {type: 'string', commands: ['report']},
	'allow-fix': {type: 'boolean', commands: ['mcp']},
	format: {type: 'string', commands: ['report']},
	'dry-run': {type: 'boolean', commands: ['fix', 'undo']},
	timeout: {type: 'string', commands: ['app', 'scan', 'demo', 'fix', 'report', 'mcp']},
	yes: {type: 'boolean', short: 'y', commands: ['fix', 'undo']},
	interactive: {type: 'boolean', commands: ['app', 'demo', 'learn']},
	'max-layer-bytes': {type: 'string', commands: ['app', 'scan', 'demo', 'check', 'report', 'mcp']},
	'no-layer-read': {type: 'boolean', commands: ['app', 'scan', 'demo', 'check', 'report', 'mcp']},
	'no-interactive': {type: 'boolean', commands: ['app', 'demo', 'learn']},
	'fail-on': {type: 'string', commands: ['scan', 'check']},
};

const namePattern = /^[A-Za-z0-9_-]{1,255}$/;
const appRunnerNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;

/** What a fix takes besides its target: `--source` and `--tag`, or the same typed in the app (`e`). */
export type FixInputs = {readonly source?: string; readonly tag?: string};

/** Why a source or tag cannot be used, in the words `--source`/`--tag` get; undefined when both can. */
export function fixInputProblem(inputs: FixInputs, names = {source: '--source', tag: '--tag'}): string | undefined {
	if (inputs.source !== undefined && parseImageReference(inputs.source) === undefined)
		return `${names.source} "${inputs.source}" is not an image reference (like grafana/grafana:11.2.0 or registry/repository@sha256:…).`;
	if (inputs.tag !== undefined && !tagPattern.test(inputs.tag)) return `${names.tag} "${inputs.tag}" is not a valid image tag.`;
	return undefined;
}

/** check takes exactly one target: the platforms, or where they are read from. */
function checkTargetOf(text: (name: string) => string | undefined, flag: (name: string) => boolean, isRevision: (value: string) => boolean): CheckTargetOption {
	const given = ['platform', 'for', 'task-definition', 'app-runner', 'lambda'].filter(name => (name === 'app-runner' ? flag(name) : text(name) !== undefined));
	if (given.length !== 1)
		throw new UsageError(
			`check takes one target: --platform linux/amd64[,linux/arm64], --for ecs:CLUSTER/SERVICE, --task-definition FILE.json|FAMILY:REV, --app-runner or --lambda FUNCTION${given.length > 1 ? `; got ${given.map(name => `--${name}`).join(' and ')}` : ''}.`,
		);
	switch (given[0]) {
		case 'platform': {
			const platforms = listOf(text('platform')).map(value => {
				const platform = parsePlatform(value);
				if (!platform || !/^[a-z]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(value))
					throw new UsageError(`--platform: "${value}" is not a platform (like linux/amd64 or linux/arm64).`);
				return platform;
			});
			return {kind: 'platforms', platforms};
		}
		case 'for': {
			const match = /^ecs:([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(text('for')!);
			if (!match) throw new UsageError(`--for "${text('for')}" is not ecs:CLUSTER/SERVICE.`);
			return {kind: 'ecs-service', cluster: match[1]!, service: match[2]!};
		}
		case 'task-definition': {
			const value = text('task-definition')!;
			return isRevision(value) ? {kind: 'task-definition', revision: value} : {kind: 'task-definition', file: value};
		}
		case 'app-runner': {
			return {kind: 'app-runner'};
		}
		default: {
			const name = text('lambda')!;
			if (!/^[A-Za-z0-9_-]{1,64}$/.test(name) && !isArn(name, 'lambda')) throw new UsageError(`--lambda "${name}" is not a Lambda function name or ARN.`);
			return {kind: 'lambda', functionName: name};
		}
	}
}

/** `a,b,c` → the distinct names, in order; a lone value is a list of one. */
function listOf(value: string | undefined): string[] {
	if (value === undefined) return [];
	const items = value.split(',').map(item => item.trim());
	if (items.some(item => item === '')) throw new UsageError(`"${value}" has an empty item: separate names with single commas.`);
	return [...new Set(items)];
}

function check(value: string | undefined, valid: boolean, message: string): void {
	if (value !== undefined && !valid) throw new UsageError(message);
}

function isArn(value: string, service: string): boolean {
	return new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:`).test(value);
}

function explainParseError(error: unknown, argv: readonly string[]): UsageError {
	const message = error instanceof Error ? error.message : String(error);
	const ambiguous = /Option '(--[^' ]+)[^']*' argument is ambiguous/.exec(message);
	if (ambiguous) return new UsageError(`${ambiguous[1]} needs a value, not an option ("${argv[argv.indexOf(ambiguous[1]!) + 1] ?? ''}").`);
	const unknown = /Unknown option '([^']+)'/.exec(message);
	if (unknown) {
		const meant = unknown[1]!.startsWith('--') ? didYouMean(unknown[1]!.slice(2), Object.keys(flags)) : undefined;
		return new UsageError(`Unknown option ${unknown[1]}.${meant ? ` Did you mean --${meant}?` : ''}`);
	}
	const missing = /Option '([^' ]+)[^']*' argument missing/.exec(message);
	if (missing) return new UsageError(`${missing[1]} needs a value.`);
	const notValue = /Option '([^' ]+)[^']*' does not take an argument/.exec(message);
	if (notValue) return new UsageError(`${notValue[1]} does not take a value.`);
	return new UsageError(message.split('.')[0] + '.');
}

/**
 * `--help` or `--version` anywhere a flag can be, but not as the value of one: `--region -h`
 * is a missing region, not a request for help.
 */
export function helpOrVersion(argv: readonly string[]): 'help' | 'version' | undefined {
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index]!;
		if (token === '--') return undefined;
		if (token === '--help' || token === '-h') return 'help';
		if (token === '--version' || token === '-v') return 'version';
		if (token.startsWith('--') && !token.includes('=') && flags[token.slice(2)]?.type === 'string') index++;
	}
	return undefined;
}

/** Parses argv after the version and help checks; every bad value is a UsageError. */
export function parseOptions(argv: readonly string[]): Options {
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			strict: true,
			options: Object.fromEntries(Object.entries(flags).map(([name, spec]) => [name, {type: spec.type, ...(spec.short ? {short: spec.short} : {})}])),
		});
	} catch (error) {
		throw explainParseError(error, argv);
	}
	const [first, ...extra] = parsed.positionals;
	if (first !== undefined && !(commands as readonly string[]).includes(first)) {
		const meant = didYouMean(first, commands);
		throw new UsageError(`Unknown command "${first}".${meant ? ` Did you mean "${meant}"?` : ''} Commands: ${commands.join(', ')}.`);
	}
	// `undo` takes the journal to replay, `check` the image; nothing else takes an argument.
	const [journal, ...rest] = first === 'undo' || first === 'check' ? extra : [undefined, ...extra];
	if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
	const command: Command = (first as Command | undefined) ?? 'app';
	const values = parsed.values as Record<string, string | boolean | undefined>;
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined) continue;
		if (!flags[name]!.commands.includes(command)) {
			throw new UsageError(`--${name} does not apply to ${command === 'app' ? 'execdoctor without a command' : `execdoctor ${command}`}.`);
		}
		if (flags[name]!.type === 'string' && String(value).trim() === '') throw new UsageError(`--${name} needs a value.`);
		if (flags[name]!.type === 'string' && String(value).startsWith('-')) throw new UsageError(`--${name} needs a value, not an option ("${String(value)}").`);
	}
	const text = (name: string) => values[name] as string | undefined;
	const flag = (name: string) => values[name] === true;

	const regions = listOf(text('region'));
	for (const region of regions) check(region, isValidRegionName(region), `--region "${region}" is not an AWS region name (expected something like us-east-1).`);
	const profiles = listOf(text('profile'));
	for (const profile of profiles) check(profile, /^[^\s,]{1,128}$/.test(profile), `--profile "${profile}" is not a profile name.`);
	const several = command === 'scan' || command === 'app';
	if (!several && (regions.length > 1 || profiles.length > 1))
		throw new UsageError(`execdoctor ${command} works in one region of one account: give one --region and one --profile.`);
	if (flag('all-regions') && regions.length > 0) throw new UsageError('--all-regions and --region contradict each other: choose one.');
	const accounts = listOf(text('accounts'));
	for (const account of accounts) check(account, /^\d{12}$/.test(account), `--accounts "${account}" is not a 12-digit AWS account id.`);
	const roleName = text('role-name');
	check(roleName, /^[\w+=,.@-]{1,64}$/.test(roleName ?? ''), `--role-name "${roleName}" is not an IAM role name.`);
	if (accounts.length > 0 && !roleName) throw new UsageError('--accounts needs --role-name: the role execdoctor assumes in each account.');
	const monitoring = flag('monitoring-account');
	if (monitoring && accounts.length > 0) throw new UsageError('--monitoring-account finds the accounts itself: give it or --accounts, not both.');
	if (monitoring && !roleName) throw new UsageError('--monitoring-account needs --role-name: the role execdoctor assumes in each account with hits.');
	if (roleName && accounts.length === 0 && !monitoring)
		throw new UsageError('--role-name needs --accounts or --monitoring-account: the accounts to assume it in.');
	if (accounts.length > 0 && profiles.length > 1) throw new UsageError('--accounts assumes the role from one set of credentials: give at most one --profile.');
	check(
		text('cluster'),
		namePattern.test(text('cluster') ?? '') || isArn(text('cluster') ?? '', 'ecs'),
		`--cluster "${text('cluster')}" is not an ECS cluster name or ARN.`,
	);
	check(
		text('service'),
		namePattern.test(text('service') ?? '') || isArn(text('service') ?? '', 'ecs'),
		`--service "${text('service')}" is not an ECS service name or ARN.`,
	);
	const appRunner = text('app-runner-service');
	check(
		appRunner,
		appRunnerNamePattern.test(appRunner ?? '') || isArn(appRunner ?? '', 'apprunner'),
		`--app-runner-service "${appRunner}" is not an App Runner service name (4–40 letters, digits, - or _) or ARN.`,
	);
	const lambdaFunction = text('lambda-function');
	check(
		lambdaFunction,
		/^[A-Za-z0-9_-]{1,64}$/.test(lambdaFunction ?? '') || isArn(lambdaFunction ?? '', 'lambda'),
		`--lambda-function "${lambdaFunction}" is not a Lambda function name (1–64 letters, digits, - or _) or ARN.`,
	);
	const inputProblem = fixInputProblem({
		...(text('source') !== undefined ? {source: text('source')} : {}),
		...(text('tag') !== undefined ? {tag: text('tag')} : {}),
	});
	if (inputProblem) throw new UsageError(inputProblem);
	const taskDefinition = text('task-definition');
	const isRevision = (value: string) => /^[A-Za-z0-9_-]{1,255}:\d+$/.test(value) || isArn(value, 'ecs');
	const checkTarget = command === 'check' ? checkTargetOf(text, flag, isRevision) : undefined;
	if (command === 'check' && !journal && checkTarget?.kind !== 'task-definition' && checkTarget?.kind !== 'ecs-service')
		throw new UsageError('Name the image to check: execdoctor check IMAGE --platform linux/amd64 (see execdoctor check --help).');
	if (command === 'check' && flag('local') && journal && parseImageReference(journal) === undefined)
		throw new UsageError(`--local: "${journal}" is not an image reference of the local Docker.`);
	check(
		command === 'check' ? undefined : taskDefinition,
		isRevision(taskDefinition ?? ''),
		`--task-definition "${taskDefinition}" is not a task definition revision (family:revision) or ARN.`,
	);
	const scenario = text('scenario');
	if (scenario !== undefined && !isScenarioName(scenario)) throw new UsageError(`Unknown scenario "${scenario}". Scenarios: ${scenarioNames()}.`);
	const strategy = text('strategy');
	if (strategy !== undefined && !(strategies as readonly string[]).includes(strategy)) {
		throw new UsageError(`--strategy must be one of ${strategies.join(', ')}; got "${strategy}".`);
	}
	// Checked now, so bad input fails before any AWS call; the window itself starts when the scan does.
	if (text('since') !== undefined) parseSince(text('since')!, new Date());
	if (text('timeout') !== undefined) parseDuration(text('timeout')!, '--timeout');
	if (flag('interactive') && flag('no-interactive')) throw new UsageError('--interactive and --no-interactive contradict each other.');
	if (flag('dry-run') && flag('yes')) throw new UsageError('--dry-run and --yes contradict each other: choose one.');
	if (flag('no-layer-read') && text('max-layer-bytes') !== undefined)
		throw new UsageError('--no-layer-read and --max-layer-bytes contradict each other: choose one.');
	const format = text('format');
	if (format !== undefined && format !== 'md' && format !== 'json') throw new UsageError(`--format must be md or json; got "${format}".`);
	const failOn = listOf(text('fail-on')).map(code => {
		const upper = code.toUpperCase();
		if (isFindingCode(upper)) return upper;
		const meant = didYouMean(upper, allCodes);
		throw new UsageError(`--fail-on: "${code}" is not a finding code.${meant ? ` Did you mean ${meant}?` : ''} Codes: ${allCodes.join(', ')} (docs/codes/).`);
	});
	const layerBytes = flag('no-layer-read')
		? false
		: text('max-layer-bytes') === undefined
			? undefined
			: parseByteSize(text('max-layer-bytes')!, '--max-layer-bytes');

	return {
		command,
		...(journal && command === 'undo' ? {journal} : {}),
		...(regions[0] ? {region: regions[0]} : {}),
		...(profiles[0] ? {profile: profiles[0]} : {}),
		...(regions.length > 1 ? {regions} : {}),
		...(profiles.length > 1 ? {profiles} : {}),
		...(flag('all-regions') ? {allRegions: true} : {}),
		...(accounts.length > 0 ? {accounts, roleName: roleName!} : {}),
		...(monitoring ? {monitoringAccount: true, roleName: roleName!} : {}),
		since: text('since') ?? '24h',
		...(text('cluster') ? {cluster: text('cluster')} : {}),
		...(text('service') ? {service: text('service')} : {}),
		...(appRunner ? {appRunnerService: appRunner} : {}),
		...(lambdaFunction ? {lambdaFunction} : {}),
		...(taskDefinition ? {taskDefinition} : {}),
		json: flag('json'),
		readOnly: flag('read-only'),
		...(scenario ? {scenario: scenario as ScenarioName} : {}),
		...(strategy ? {strategy: strategy as Strategy} : {}),
		...(text('source') ? {source: text('source')} : {}),
		...(text('tag') ? {tag: text('tag')} : {}),
		dryRun: flag('dry-run'),
		yes: flag('yes'),
		...(text('timeout') ? {timeout: text('timeout')} : {}),
		...(flag('interactive') ? {interactive: true} : flag('no-interactive') ? {interactive: false} : {}),
		...(layerBytes === undefined ? {} : {layerBytes}),
		...(failOn.length > 0 ? {failOn} : {}),
		...(command === 'check' && journal ? {image: journal} : {}),
		...(checkTarget ? {checkTarget} : {}),
		...(flag('local') ? {local: true} : {}),
		...(text('junit') ? {junit: text('junit')} : {}),
		...(command === 'permissions' && flag('fix') ? {fixPermissions: true} : {}),
		...(text('out') ? {out: text('out')} : {}),
		...(flag('allow-fix') ? {allowFix: true} : {}),
		...(format ? {reportFormat: format} : {}),
	};
}

const byteUnits: Record<string, number> = {
	'': 1,
	b: 1,
	kb: 1000,
	mb: 1000 ** 2,
	gb: 1000 ** 3,
	kib: 1024,
	mib: 1024 ** 2,
	gib: 1024 ** 3,
	k: 1024,
	m: 1024 ** 2,
	g: 1024 ** 3,
};

/** `256MiB`, `1GB`, `500000000`: a byte count, at least 1 MiB. */
export function parseByteSize(text: string, flag: string): number {
	const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
	const unit = match ? byteUnits[match[2]!.toLowerCase()] : undefined;
	if (!match || unit === undefined)
		throw new UsageError(`${flag} "${text}" is not a size: use bytes, or a number with KiB, MiB, GiB, KB, MB or GB (e.g. 256MiB).`);
	const bytes = Math.round(Number(match[1]) * unit);
	if (bytes < 1024 * 1024) throw new UsageError(`${flag} ${text} is below 1 MiB: too little to read one layer; use --no-layer-read to read none.`);
	return bytes;
}
