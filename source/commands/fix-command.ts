import {ask} from './ask.js';
import {UsageError} from '../errors.js';
import {exitCodeFor} from '../fixes/fix.js';
import type {FixReport, FixTarget} from '../fixes/types.js';
import type {Io} from '../io.js';
import {colorEnabled} from '../mode.js';
import type {Options, Strategy} from '../options.js';
import {createFixProgress, renderFixReport, renderPlan} from '../output/fix-plain.js';
import {renderJson} from '../output/json.js';
import {createStyle} from '../output/style.js';
import {writeLine} from '../output/terminal.js';
import {safeText} from '../present/safe.js';
import {sessionFromOptions} from '../session/from-options.js';
import {runFix, type FixHost} from '../session/run-fix.js';
import type {Session} from '../session/session.js';
import {parseDuration} from '../since.js';

export function fixTarget(options: Options): FixTarget {
	const named = [options.cluster || options.service, options.appRunnerService, options.lambdaFunction].filter(Boolean).length;
	if (named > 1) throw new UsageError('Give one workload: --cluster and --service, --app-runner-service, or --lambda-function.');
	if (options.lambdaFunction && options.taskDefinition) throw new UsageError('--task-definition is for ECS services; Lambda has none.');
	if (options.lambdaFunction) return {kind: 'lambda-function', name: options.lambdaFunction};
	if (options.appRunnerService && (options.cluster || options.service))
		throw new UsageError('Give either --cluster and --service, or --app-runner-service, not both.');
	if (options.appRunnerService && options.taskDefinition) throw new UsageError('--task-definition is for ECS services; App Runner has none.');
	if (options.appRunnerService) return {kind: 'apprunner-service', name: options.appRunnerService};
	if (options.cluster && options.service) {
		return {
			kind: 'ecs-service',
			cluster: options.cluster,
			service: options.service,
			...(options.taskDefinition ? {taskDefinition: options.taskDefinition} : {}),
		};
	}
	throw new UsageError('execdoctor fix needs --cluster and --service, --app-runner-service, or --lambda-function.');
}

/** Checks made before any AWS call: a refused fix reads nothing and changes nothing. */
export function checkFixOptions(options: Options, interactive: boolean): {target: FixTarget; strategy: Strategy} {
	if (options.readOnly) throw new UsageError('--read-only refuses every fix: nothing was changed.');
	const target = fixTarget(options);
	if (!options.strategy)
		throw new UsageError('execdoctor fix needs --strategy redeploy, repush, copy-index, rebuild, patch-task-definition or set-architecture.');
	if (!options.dryRun && !options.yes && !interactive) {
		throw new UsageError('Nothing was changed: without a terminal to confirm in, pass --dry-run to see the plan, or --yes to apply it.');
	}
	return {target, strategy: options.strategy};
}

/** The terminal as a fix host: the plan and a [y/N] question on stderr, progress on stderr, Ctrl-C to stop. */
function terminalHost(options: Options, io: Io, render: {style: ReturnType<typeof createStyle>; width: number}) {
	const abort = new AbortController();
	let stopRequested = false;
	const progress = createFixProgress();
	const host: FixHost = {
		dryRun: options.dryRun,
		assumeYes: options.yes,
		async confirm(plan) {
			io.stderr.write(`${renderPlan(plan, render.style, render.width)}\n\n`);
			const steps = plan.plan?.steps.length ?? 0;
			return ask(io, safeText(`Apply these ${steps} steps to ${plan.workload?.name ?? 'the workload'}? [y/N] `));
		},
		onEvent(event) {
			const line = progress(event);
			if (line) writeLine(io.stderr, line);
		},
		shouldStop: () => stopRequested,
		signal: abort.signal,
	};
	const onInterrupt = () => {
		if (stopRequested) {
			abort.abort();
			io.stderr.write('execdoctor: cancelling the running step…\n');
			return;
		}
		stopRequested = true;
		io.stderr.write("execdoctor: stopping after this step, or at the verification's next look (Ctrl-C again cancels it)…\n");
	};
	return {host, onInterrupt};
}

export async function runFixCommand(options: Options, io: Io, context: {interactive: boolean; session?: Session}): Promise<number> {
	const {target, strategy} = checkFixOptions(options, context.interactive);
	const timeoutMs = parseDuration(options.timeout ?? '15m', '--timeout');
	const style = createStyle(!options.json && colorEnabled(io.env, Boolean(io.stdout.isTTY)));
	const width = io.stdout.columns ?? 100;
	const session = context.session ?? sessionFromOptions(options, io.env);
	const {host, onInterrupt} = terminalHost(options, io, {style, width});
	process.on('SIGINT', onInterrupt);
	try {
		const report: FixReport = await runFix(
			{strategy, target, cwd: process.cwd(), timeoutMs, ...(options.source ? {source: options.source} : {}), ...(options.tag ? {tag: options.tag} : {})},
			session,
			host,
		);
		io.stdout.write(options.json ? renderJson(report) : renderFixReport(report, style, width));
		return exitCodeFor(report.outcome, report.changes.length > 0);
	} finally {
		process.off('SIGINT', onInterrupt);
		if (!context.session) await session.close();
	}
}
