import type {Io} from '../io.js';
import type {Options} from '../options.js';
import {writeLine} from '../output/terminal.js';
import {sessionFromOptions} from '../session/from-options.js';
import {printScan} from './scan-command.js';

/** The real scan against the built-in simulated account: exit 0 when it ran, findings or not. */
export async function runDemo(options: Options, io: Io): Promise<number> {
	const session = sessionFromOptions(options, io.env);
	try {
		const {account} = await session.connect();
		writeLine(io.stderr, `execdoctor: demo: scanning ${session.label} (scenario "${session.scenario}", ${account.region}); nothing real is read or changed.`);
		await printScan(options, io, session);
		return 0;
	} finally {
		await session.close();
	}
}
