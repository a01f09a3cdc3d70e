import {existsSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline/promises';
import {createAccountPort} from '../aws/account-port.js';
import {createFixAws} from '../aws/fix-port.js';
import {localDocker} from '../docker/docker-port.js';
import {UsageError} from '../errors.js';
import {applyFix, exitCodeFor, planFix, refusedReport, type FixPorts} from '../fixes/fix.js';
import type {FixTarget} from '../fixes/types.js';
import {colorEnabled} from '../mode.js';
import type {Options, Strategy} from '../options.js';
import {createFixProgress, renderFixReport, renderPlan} from '../output/fix-plain.js';
import {renderJson} from '../output/json.js';
import {createStyle} from '../output/style.js';
import {parseDuration} from '../since.js';
import type {Io} from '../io.js';

export function fixTarget(options: Options): FixTarget {
	if (options.appRunnerService && (options.cluster || options.service))
		throw new UsageError('Give either --cluster and --service, or --app-runner-service, not both.');
	if (options.appRunnerService && options.taskDefinition) throw new UsageError('--task-definition is for ECS services; App Runner has none.');
	if (options.appRunnerService) return {kind: 'apprunner-service', name: options.appRunnerService};
	if (options.cluster && options.service)
		return {
			kind: 'ecs-service',
			cluster: options.cluster,
			service: options.service,
			...(options.taskDefinition ? {taskDefinition: options.taskDefinition} : {}),
		};
	throw new UsageError('execdoctor fix needs --cluster and --service, or --app-runner-service.');
}

/** Checks made before any AWS call: a refused fix reads nothing and changes nothing. */
export function checkFixOptions(options: Options, interactive: boolean): {target: FixTarget; strategy: Strategy} {
	if (options.readOnly) throw new UsageError('--read-only refuses every fix: nothing was changed.');
	const target = fixTarget(options);
	if (!options.strategy) throw new UsageError('execdoctor fix needs --strategy redeploy, repush, copy-index, rebuild or patch-task-definition.');
	if (!options.dryRun && !options.yes && !interactive) {
		throw new UsageError('Nothing was changed: without a terminal to confirm in, pass --dry-run to see the plan, or --yes to apply it.');
	}
	return {target, strategy: options.strategy};
}

export const pollMs = (env: Io['env']) => {
	const value = Number(env.EXECDOCTOR_POLL_MS);
	return Number.isInteger(value) && value > 0 ? value : 5000;
};

async function confirm(io: Io, question: string): Promise<boolean> {
	const prompt = createInterface({input: io.stdin, output: io.stderr});
	try {
		return /^y(es)?$/i.test((await prompt.question(question)).trim());
	} finally {
		prompt.close();
	}
}

export async function runFixCommand(options: Options, io: Io, context: {interactive: boolean; ports?: FixPorts}): Promise<number> {
	const {target, strategy} = checkFixOptions(options, context.interactive);
	const timeoutMs = parseDuration(options.timeout, '--timeout');
	const style = createStyle(!options.json && colorEnabled(io.env, Boolean(io.stdout.isTTY)));
	const width = io.stdout.columns ?? 100;
	const print = (report: Parameters<typeof renderFixReport>[0]) => io.stdout.write(options.json ? renderJson(report) : renderFixReport(report, style, width));

	let ports = context.ports;
	let close = () => {};
	if (!ports) {
		const account = await createAccountPort({...(options.region ? {region: options.region} : {}), ...(options.profile ? {profile: options.profile} : {})});
		close = () => account.close();
		ports = {account, aws: createFixAws(account, options.profile), docker: localDocker};
	}
	try {
		const cwd = process.cwd();
		const planned = await planFix(
			{
				strategy,
				target,
				...(options.source ? {source: options.source} : {}),
				...(options.tag ? {tag: options.tag} : {}),
				cwd,
				now: new Date(),
				dockerfile: existsSync(path.join(cwd, 'Dockerfile')),
			},
			ports,
		);
		if (!('subject' in planned)) {
			print(planned);
			return exitCodeFor(planned.outcome, false);
		}
		if (options.dryRun) {
			print(planned.report);
			return 0;
		}
		if (planned.plan.sourceOrigin === 'guess' && options.yes) {
			const refused = refusedReport(
				{strategy},
				`The source ${planned.plan.source} is only a guess from the repository name: nothing was changed. Confirm it with --source ${planned.plan.source}, or name the image the ECR copy came from.`,
				planned.subject,
			);
			print({...refused, plan: planned.report.plan!});
			return 2;
		}
		if (!options.yes) {
			io.stderr.write(`${renderPlan(planned.report, style, width).join('\n')}\n\n`);
			if (!(await confirm(io, `Apply these ${planned.plan.steps.length} steps to ${planned.subject.workload.name}? [y/N] `))) {
				print(refusedReport({strategy}, 'Not confirmed: nothing was changed.', planned.subject));
				return 2;
			}
		}
		const progress = createFixProgress(planned.plan.steps.length);
		const abort = new AbortController();
		let stopRequested = false;
		const onInterrupt = () => {
			if (stopRequested) {
				abort.abort();
				io.stderr.write('execdoctor: cancelling the running step…\n');
				return;
			}
			stopRequested = true;
			io.stderr.write("execdoctor: stopping after this step, or at the verification's next look (Ctrl-C again cancels it)…\n");
		};
		process.on('SIGINT', onInterrupt);
		try {
			const report = await applyFix(planned, ports, {
				timeoutMs,
				pollMs: pollMs(io.env),
				signal: abort.signal,
				shouldStop: () => stopRequested,
				onEvent: event => {
					const line = progress(event);
					if (line) io.stderr.write(`${line}\n`);
				},
			});
			print(report);
			return exitCodeFor(report.outcome, report.changes.length > 0);
		} finally {
			process.off('SIGINT', onInterrupt);
		}
	} finally {
		close();
	}
}
