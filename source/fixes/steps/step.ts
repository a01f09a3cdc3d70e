/**
 * What a fix step is: shown exactly as it runs (`display`, the API call or docker argv), with the
 * shell commands a person would run instead (`shell`, what the scan report prints), and run with
 * every change it makes returned with the command that undoes it.
 */
import type {Clock} from '../../clock.js';
import type {AccountPort} from '../../ports/account.js';
import type {DockerPort, FixAws, RegisteredTaskDefinition, RegistryLogin} from '../../ports/fix.js';
import type {Change, PlannedStep, UndoAction} from '../types.js';
import {dockerErrorLine} from '../../registry/docker-output.js';

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

export async function docker(context: RunContext, args: readonly string[], input?: string): Promise<string> {
	const result = await context.docker.run(args, {...(input === undefined ? {} : {input}), ...(context.signal ? {signal: context.signal} : {})});
	if (result.exitCode !== 0) throw new StepFailure(`docker ${args[0]} failed: ${dockerErrorLine(result)}`);
	return result.stdout;
}
