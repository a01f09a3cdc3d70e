import type {HostReport} from '../diagnosis/types.js';
import {probeHost} from '../docker/host.js';
import {chapters, fillLiveBlocks} from '../learn/chapters.js';
import {liveOutputs} from '../learn/guide-context.js';
import {runLiveBlock, type LiveContext} from '../learn/live.js';
import type {Options} from '../options.js';
import type {Io} from '../io.js';

export type LiveSource = {
	readonly label: string;
	/** Connects on first use: the app paints before the SDK or the simulator loads. */
	context(): Promise<LiveContext>;
	close(): Promise<void>;
};

/** The built-in account, unless --region or --profile names the user's own. */
export function liveSource(options: Options, probe: () => Promise<HostReport> = probeHost): LiveSource {
	const own = Boolean(options.region || options.profile);
	const closers: (() => Promise<void> | void)[] = [];
	let pending: Promise<LiveContext> | undefined;
	return {
		label: own
			? `your account${options.profile ? `, profile ${options.profile}` : ''}${options.region ? `, ${options.region}` : ''}`
			: 'the built-in simulated account',
		context() {
			pending ??= (async () => {
				if (!own) {
					const [{demoScenario}, {startDemoAccount, useDemoEnvironment}] = await Promise.all([import('./demo-command.js'), import('../simulator/demo.js')]);
					const demo = await startDemoAccount(demoScenario(options));
					closers.push(() => demo.simulator.close());
					useDemoEnvironment(demo.env);
				}
				const {createAccountPort} = await import('../aws/account-port.js');
				const port = await createAccountPort({...(options.region ? {region: options.region} : {}), ...(options.profile ? {profile: options.profile} : {})});
				closers.push(() => port.close());
				return {port, host: await probe(), now: new Date()};
			})();
			return pending;
		},
		async close() {
			await Promise.all(closers.map(close => close()));
		},
	};
}

/** Without a terminal: every chapter as Markdown, live blocks filled, on stdout. */
export async function printGuide(options: Options, io: Io): Promise<number> {
	const source = liveSource(options);
	try {
		const context = await source.context();
		// Without a terminal nobody reads a page of failed blocks: bad credentials stop here, with one line.
		await context.port.identity();
		io.stderr.write(`execdoctor: learn: live output from ${source.label}.\n`);
		for (const [position, chapter] of chapters.entries()) {
			if (position > 0) io.stdout.write('\n---\n\n');
			io.stdout.write(fillLiveBlocks(chapter.markdown, await liveOutputs(chapter, context)));
		}
		return 0;
	} finally {
		await source.close();
	}
}

export function liveRunner(source: LiveSource): (name: string) => Promise<string> {
	return async name => {
		try {
			return await runLiveBlock(name, await source.context());
		} catch (error) {
			return `Could not reach the account: ${error instanceof Error ? error.message : String(error)}`;
		}
	};
}
