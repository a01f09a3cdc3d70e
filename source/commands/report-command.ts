import {writeFileSync} from 'node:fs';
import {CannotRunError} from '../errors.js';
import {version} from '../help.js';
import type {Io} from '../io.js';
import {fixesFor, incidentMarkdown} from '../present/incident.js';
import {fixHistory} from '../journal/history.js';
import type {Options} from '../options.js';
import {renderJson} from '../output/json.js';
import {createProgressLines} from '../output/progress-lines.js';
import {writeLine} from '../output/terminal.js';
import {sessionFromOptions} from '../session/from-options.js';
import {scanSession} from '../session/scan.js';

/** The incident write-up: a scan, and the fixes this machine's journals hold for its workloads, as Markdown or JSON. */
export async function runReportCommand(options: Options, io: Io): Promise<number> {
	const session = sessionFromOptions(options, io.env);
	try {
		const progressLine = createProgressLines();
		const report = await scanSession(session, options, event => {
			const line = progressLine(event);
			if (line) writeLine(io.stderr, line);
		});
		const history = fixHistory(session.journals.directory);
		// The built-in account is new in every run: only this run's fixes are about it.
		const scope = {simulated: session.builtIn, ...(session.builtIn ? {notBefore: new Date(performance.timeOrigin).toISOString()} : {})};
		const text =
			options.reportFormat === 'json'
				? renderJson({schemaVersion: 1, command: 'report', generatedAt: new Date().toISOString(), scan: report, fixes: fixesFor(report, history, scope)})
				: incidentMarkdown(report, history, {version, generatedAt: new Date(), scope});
		if (options.out) {
			try {
				writeFileSync(options.out, text);
			} catch (error) {
				throw new CannotRunError(`--out: cannot write ${options.out} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
			}
			writeLine(io.stderr, `execdoctor: wrote the incident report to ${options.out}`);
		} else io.stdout.write(text);
		return 0;
	} finally {
		await session.close();
	}
}
