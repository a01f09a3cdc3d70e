// The entry: parse flags, decide, lazy-load the rest. --help and --version load neither Ink nor the AWS SDK.
import module from 'node:module';
import {describeFatalError, UsageError} from './source/errors.js';
import {helpFor, version} from './source/help.js';
import {helpOrVersion, parseOptions} from './source/options.js';
import {writeLine} from './source/output/terminal.js';

// A reader that goes away (`| head`, a `timeout` that killed the whole pipeline) must not end a fix
// between two changes: output to a closed pipe is dropped, and the journal on disk is complete.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
	});
}

async function main(argv: readonly string[]): Promise<number> {
	const asked = helpOrVersion(argv);
	if (asked) {
		process.stdout.write(asked === 'version' ? `${version}\n` : helpFor(argv));
		return 0;
	}
	const options = parseOptions(argv);
	// Caches compiled code for the chunks loaded next (Node's own cache, as tsc uses); a no-op where unsupported.
	module.enableCompileCache?.();
	const [{run}, {processIo}] = await Promise.all([import('./source/commands/run.js'), import('./source/io.js')]);
	return run(options, processIo());
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
		// After the app has quit, an SDK request or Insights poll still in flight must not hold the terminal.
		setTimeout(() => process.exit(code), 500).unref();
	},
	(error: unknown) => {
		writeLine(process.stderr, `execdoctor: ${describeFatalError(error)}`);
		if (error instanceof UsageError) process.stderr.write('Run `execdoctor --help` for usage.\n');
		if (process.env.EXECDOCTOR_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
		process.exitCode = 2;
	},
);
