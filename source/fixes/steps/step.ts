/**
 * What a fix step is: shown exactly as it runs (`display`, the API call or docker argv), with the
 * shell commands a person would run instead (`shell`, what the scan report prints), and run with
 * every change it makes returned with the command that undoes it.
 */
import type {Clock} from '../../clock.js';
import type {AccountPort} from '../../ports/account.js';
import type {DockerPort, FixAws, RegisteredTaskDefinition, RegistryLogin} from '../../ports/fix.js';
import type {Change, PlannedStep, UndoAction} from '../types.js';

/** A step that could not be done; nothing after it runs. */
export class StepFailure extends Error {
	override readonly name = 'StepFailure';
}

export type RunMemory = {
	login?: RegistryLogin;
	registered?: RegisteredTaskDefinition;
	deploymentId?: string;
	operationId?: string;
	pushedDigest?: string;
	/** App Runner operations that existed before the fix: any other one was started by it. */
	knownOperations?: ReadonlySet<string>;
	/** Each mutating step's undo as its intent worked it out, by step id. */
	intents?: Map<string, UndoAction>;
};

export type RunContext = {
	readonly aws: FixAws;
	readonly account: AccountPort;
	readonly docker: DockerPort;
	readonly memory: RunMemory;
	readonly clock: Clock;
	readonly signal?: AbortSignal;
	/** How often to ask AWS again while waiting, and how long a step may wait. */
	readonly pollMs: number;
	readonly waitMs: number;
};

export type StepOutcome = {readonly detail?: string; readonly change?: Omit<Change, 'step'>};

export type ExecStep = PlannedStep & {
	/**
	 * A mutating step's undo, known before it runs (it may read, never change): the journal
	 * records it first, so a kill in the middle of the step still leaves a way back.
	 */
	intent?(context: RunContext): Promise<UndoAction>;
	run(context: RunContext): Promise<StepOutcome>;
};

/** What docker prints while it works: BuildKit progress, log lines, layer progress, warnings. */
const progress = [
	/^#\d+ /,
	/\blevel=(trace|debug|info|warning)\b/i,
	/^WARNING:/i,
	/^[0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Pulling fs layer|Pulling|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Layer already exists|Already exists)/,
	/^(The push refers to repository|Using default tag:|latest: Pulling from|Digest: sha256:|Status: )/,
];
const failure = /error|denied|unauthori[sz]ed|forbidden|not found|no such|failed|refused|invalid|unknown|cannot|timed out/i;

/**
 * The line that says why a docker command failed: the last one that is not progress (docker
 * and BuildKit print the error last), preferring one that reads as an error.
 */
export function dockerErrorLine(result: {readonly exitCode: number; readonly stdout: string; readonly stderr: string}): string {
	for (const output of [result.stderr, result.stdout]) {
		const lines = output
			.split('\n')
			.map(line => line.trim())
			.filter(Boolean);
		const said = lines.filter(line => !progress.some(pattern => pattern.test(line)));
		const found = said.findLast(line => failure.test(line)) ?? said.at(-1) ?? lines.at(-1);
		if (found) return found;
	}
	return `exit code ${result.exitCode}`;
}

export async function docker(context: RunContext, args: readonly string[], input?: string): Promise<string> {
	const result = await context.docker.run(args, {...(input === undefined ? {} : {input}), ...(context.signal ? {signal: context.signal} : {})});
	if (result.exitCode !== 0) throw new StepFailure(`docker ${args[0]} failed: ${dockerErrorLine(result)}`);
	return result.stdout;
}
