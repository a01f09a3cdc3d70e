/**
 * The fixes a scan report suggests: the very plans `execdoctor fix` would apply, built on what
 * the scan read and printed as their shell forms. Nothing is read here: where a plan depends on
 * something only a fix reads (Docker, tag mutability, a Dockerfile), the usual case is assumed
 * and said in the notes.
 */
import type {ImageFacts} from '../diagnosis/facts.js';
import type {FixId, FixSuggestion, Verdict, Workload} from '../diagnosis/types.js';
import type {AppRunnerService, EcsService, EcsTaskDefinition, LambdaFunction} from '../ports/account.js';
import {ecsCpuArchitectureFor, type Platform} from '../registry/platform.js';
import {applyProblem, strategyPlan, type PlanFacts} from './plan.js';
import type {FixSubject} from './subject.js';

export type SuggestionInput = {
	readonly verdict: Verdict;
	readonly workload: Workload;
	readonly region: string;
	readonly profile?: string;
	/** What the tag names now: every fix acts on the tag, not on what the failing tasks ran. */
	readonly image: ImageFacts;
	readonly needed?: Platform;
	readonly runtimeSource: string;
	readonly containerName?: string;
	/** ECS: every container of the task and its image. */
	readonly containers?: readonly {readonly name: string; readonly image: ImageFacts}[];
	readonly definition?: EcsTaskDefinition;
	readonly service?: EcsService;
	readonly appRunner?: AppRunnerService;
	readonly lambda?: LambdaFunction;
	readonly containerdImageStore: boolean | null;
	/** The tag already names an image with the needed platform: a new deployment is the whole fix. */
	readonly redeployOnly?: boolean;
	/** The failing revision dropped this runtimePlatform.cpuArchitecture that the one before had. */
	readonly droppedArchitecture?: string;
	/** The bytes say the label lies: a copy of the same build carries the same files, so only a rebuild fixes it. */
	readonly labelLies?: string;
	/** This machine, as a fix would meet it: whether Docker answers, whether there is a Dockerfile here. */
	readonly here?: {readonly docker: boolean; readonly dockerNote?: string; readonly dockerfile?: boolean};
};

const needDocker: ReadonlySet<FixId> = new Set(['repush', 'copy-index', 'rebuild']);

/** Why a strategy cannot be applied from this machine, when it cannot. */
function blockerOf(strategy: FixId, here: SuggestionInput['here']): string | undefined {
	if (!here) return undefined;
	if (needDocker.has(strategy) && !here.docker) return `needs Docker: ${here.dockerNote ?? 'Docker does not answer here.'}`;
	if (strategy === 'rebuild' && here.dockerfile === false) return 'needs a Dockerfile in the directory execdoctor runs in, and there is none here.';
	return undefined;
}

/** The order an on-call engineer should consider them in. */
function strategiesFor(input: SuggestionInput): readonly FixId[] {
	if (input.redeployOnly) return ['redeploy'];
	if (input.labelLies) return ['rebuild'];
	if (input.lambda) return input.verdict === 'index-rejected' ? ['repush', 'rebuild'] : ['repush', 'rebuild', 'set-architecture'];
	if (input.verdict === 'platform-missing') return ['rebuild', 'copy-index', 'repush', 'patch-task-definition'];
	// The revision lost the runtimePlatform the image was built for: putting it back comes first.
	const restore = input.droppedArchitecture && input.image.platforms.some(platform => ecsCpuArchitectureFor(platform) === input.droppedArchitecture);
	if (input.verdict === 'architecture-mismatch')
		return restore ? ['patch-task-definition', 'repush', 'copy-index', 'rebuild'] : ['repush', 'copy-index', 'rebuild', 'patch-task-definition'];
	return [];
}

function subjectOf(input: SuggestionInput, reference: FixSubject['reference'], needed: Platform): FixSubject {
	return {
		workload: input.workload,
		region: input.region,
		...(input.service ? {service: input.service} : {}),
		...(input.definition ? {definition: input.definition} : {}),
		...(input.appRunner ? {appRunner: input.appRunner} : {}),
		...(input.lambda ? {lambda: input.lambda} : {}),
		container: {name: input.containerName ?? input.workload.containerName ?? input.workload.name, image: input.image.raw},
		...(input.containers ? {containers: input.containers} : {}),
		...(input.labelLies ? {labelLies: input.labelLies} : {}),
		reference,
		image: input.image,
		needed,
		runtimeSource: input.runtimeSource,
	};
}

export function suggestFixes(input: SuggestionInput): FixSuggestion[] {
	const {needed} = input;
	const reference = input.image.reference;
	if (!reference?.ecr || !needed) return [];
	const subject = subjectOf(input, reference as FixSubject['reference'], needed);
	const assumed: PlanFacts = {
		docker: {installed: true, daemon: true, buildx: true, containerdImageStore: input.containerdImageStore === true},
		repositoryMutability: {setting: 'UNKNOWN', exclusions: []},
		dockerfile: true,
	};
	const now = applyProblem(subject);
	return strategiesFor(input).flatMap(strategy => {
		const outcome = strategyPlan(subject, {strategy, cwd: '.', now: new Date(0), ...(input.profile ? {profile: input.profile} : {})}, assumed);
		if (!('plan' in outcome)) return [];
		const {plan} = outcome;
		const blocker = blockerOf(strategy, input.here);
		return [
			{
				id: strategy,
				title: plan.title,
				commands: plan.steps.flatMap(step => step.shell),
				notes: [...plan.warnings, ...plan.notes, ...(now ? [now] : [])],
				...(blocker ? {blocker} : {}),
			},
		];
	});
}
