import {hasOpenFindings} from '../diagnosis/findings-order.js';
import type {ScanReport} from '../diagnosis/types.js';
import type {Io} from '../io.js';
import {colorEnabled} from '../mode.js';
import type {Options} from '../options.js';
import {renderJson} from '../output/json.js';
import {renderPlainReport} from '../output/plain.js';
import {createProgressLines} from '../output/progress-lines.js';
import {createStyle} from '../output/style.js';
import {writeLine} from '../output/terminal.js';
import {sessionFromOptions} from '../session/from-options.js';
import {scanSession} from '../session/scan.js';
import type {Session} from '../session/session.js';

/** Scans the session's account, with progress on stderr, and prints the report on stdout. */
export async function printScan(options: Options, io: Io, session: Session): Promise<ScanReport> {
	const progressLine = createProgressLines();
	const report = await scanSession(session, options, event => {
		const line = progressLine(event);
		if (line) writeLine(io.stderr, line);
	});
	if (options.json) io.stdout.write(renderJson(report));
	else {
		const style = createStyle(colorEnabled(io.env, Boolean(io.stdout.isTTY)));
		io.stdout.write(renderPlainReport(report, style, io.stdout.columns ?? 100, {readOnly: options.readOnly, demo: session.builtIn}));
	}
	return report;
}

export async function runScan(options: Options, io: Io): Promise<number> {
	const session = sessionFromOptions(options, io.env);
	try {
		const report = await printScan(options, io, session);
		if (hasOpenFindings(report.findings, options.failOn)) return 1;
		// A region or account that could not be scanned is not a clean bill of health.
		return report.scans?.some(summary => summary.error) ? 2 : 0;
	} finally {
		await session.close();
	}
}
