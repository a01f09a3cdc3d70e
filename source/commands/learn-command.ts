import type {Io} from '../io.js';
import {chapters, fillLiveBlocks} from '../learn/chapters.js';
import {liveOutputs} from '../learn/guide-context.js';
import {liveContext} from '../learn/live-source.js';
import type {Options} from '../options.js';
import {safeLines, writeLine} from '../output/terminal.js';
import {sessionFromOptions} from '../session/from-options.js';

/** Without a terminal: every chapter as Markdown, live blocks filled, on stdout. */
export async function printGuide(options: Options, io: Io): Promise<number> {
	const session = sessionFromOptions(options, io.env);
	try {
		const context = await liveContext(session)();
		// Without a terminal nobody reads a page of failed blocks: bad credentials stop here, with one line.
		await context.port.identity();
		writeLine(io.stderr, `execdoctor: learn: live output from ${session.label}.`);
		for (const [position, chapter] of chapters.entries()) {
			if (position > 0) io.stdout.write('\n---\n\n');
			io.stdout.write(safeLines(fillLiveBlocks(chapter.markdown, await liveOutputs(chapter, context))));
		}
		return 0;
	} finally {
		await session.close();
	}
}
