import {ask} from './ask.js';
import {UsageError} from '../errors.js';
import type {Io} from '../io.js';
import {journalDirectory} from '../journal/paths.js';
import {listJournals, readJournal} from '../journal/read.js';
import {colorEnabled} from '../mode.js';
import type {Options} from '../options.js';
import {renderJson} from '../output/json.js';
import {createStyle} from '../output/style.js';
import {renderLines} from '../output/text.js';
import {writeLine} from '../output/terminal.js';
import {historyLines, undoReportLines, type JournalSummary} from '../present/undo.js';
import {runUndo, undoExitCode} from '../session/run-undo.js';
import {openSession} from '../session/session.js';

/** `execdoctor undo [JOURNAL] (--dry-run | --yes)`: the newest journal unless one is named. */
export async function runUndoCommand(options: Options, io: Io, context: {interactive: boolean}): Promise<number> {
	if (!options.dryRun && !options.yes && !context.interactive) {
		throw new UsageError('Nothing was changed: without a terminal to confirm in, pass --dry-run to see what would be taken back, or --yes to take it back.');
	}
	const file = options.journal ?? listJournals(journalDirectory(io.env))[0];
	if (!file) throw new UsageError(`There is no fix journal in ${journalDirectory(io.env)}: no fix has been applied from this machine.`);
	// The account and region the fix changed, whatever the shell says now.
	const header = readJournal(file)[0]!;
	// Its changes were made to a simulated account that ended with the run: AWS has none of them.
	if (header.type === 'fix' && header.simulated)
		throw new UsageError(
			`${file} records a fix to the built-in simulated account, which is gone with the run that made it: there is nothing to take back, and nothing was changed.`,
		);
	const region = header.type === 'fix' ? header.region : undefined;
	const profile = options.profile ?? (header.type === 'fix' ? header.profile : undefined);
	const session = openSession({...(region ? {region} : {}), ...(profile ? {profile} : {}), env: io.env});
	const style = createStyle(!options.json && colorEnabled(io.env, Boolean(io.stdout.isTTY)));
	const width = io.stdout.columns ?? 100;
	try {
		const report = await runUndo(file, session, {
			dryRun: options.dryRun,
			assumeYes: options.yes,
			async confirm(plan) {
				io.stderr.write(`${renderLines(undoReportLines(plan, {width, wholeCommands: true}), style)}\n\n`);
				return ask(io, `Take back these ${plan.steps.length} changes? [y/N] `);
			},
			onStep: (step, position, total) => writeLine(io.stderr, `execdoctor: undo [${position}/${total}] ${step.title}…`),
		});
		io.stdout.write(options.json ? renderJson(report) : `${renderLines(undoReportLines(report, {width, wholeCommands: true}), style)}\n`);
		return undoExitCode(report.outcome);
	} finally {
		await session.close();
	}
}

function summary(file: string): JournalSummary | undefined {
	try {
		const records = readJournal(file);
		const header = records[0];
		if (header?.type !== 'fix') return undefined;
		const end = records.findLast(record => record.type === 'end');
		return {
			path: file,
			at: header.at,
			workload: header.workload,
			strategy: header.strategy,
			...(end?.type === 'end' ? {outcome: end.outcome} : {}),
			changes: records.filter(record => record.type === 'done' && record.change).length,
			undone: records.filter(record => record.type === 'undone').length,
		};
	} catch {
		return undefined;
	}
}

/** `execdoctor history`: the fix journals on this machine, newest first. */
export async function runHistoryCommand(options: Options, io: Io): Promise<number> {
	const journals = listJournals(journalDirectory(io.env)).flatMap(file => summary(file) ?? []);
	if (options.json) io.stdout.write(renderJson({schemaVersion: 1, command: 'history', journals}));
	else io.stdout.write(`${renderLines(historyLines(journals), createStyle(colorEnabled(io.env, Boolean(io.stdout.isTTY))))}\n`);
	return 0;
}
