import {writeFileSync} from 'node:fs';
import {CannotRunError} from '../errors.js';
import {version} from '../help.js';
import type {Io} from '../io.js';
import {incidentMarkdown} from '../present/incident.js';
import {fixesOfReport} from '../session/incident.js';
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
		const fixes = fixesOfReport(session, report);
		const text =
			options.reportFormat === 'json'
				? renderJson({schemaVersion: 1, command: 'report', generatedAt: new Date().toISOString(), scan: report, fixes})
				: incidentMarkdown(report, fixes, {version, generatedAt: new Date()});
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
