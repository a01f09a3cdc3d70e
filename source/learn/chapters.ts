import architectures from '../../docs/guide/01-cpu-architectures.md?raw';
import images from '../../docs/guide/02-multi-platform-images.md?raw';
import applePulls from '../../docs/guide/03-apple-silicon-pulls.md?raw';
import runtimes from '../../docs/guide/04-how-ecs-and-app-runner-choose.md?raw';
import reading from '../../docs/guide/05-reading-your-images.md?raw';
import fixes from '../../docs/guide/06-fixes-and-redeploys.md?raw';
import prevention from '../../docs/guide/07-prevention.md?raw';

export type Chapter = {readonly file: string; readonly title: string; readonly markdown: string};

/** The walkthrough's text is docs/guide/*.md itself: one source for the app and the docs. */
const sources: readonly [string, string][] = [
	['01-cpu-architectures.md', architectures],
	['02-multi-platform-images.md', images],
	['03-apple-silicon-pulls.md', applePulls],
	['04-how-ecs-and-app-runner-choose.md', runtimes],
	['05-reading-your-images.md', reading],
	['06-fixes-and-redeploys.md', fixes],
	['07-prevention.md', prevention],
];

export const chapters: readonly Chapter[] = sources.map(([file, markdown]) => ({
	file,
	title: /^# (.+)$/m.exec(markdown)?.[1] ?? file,
	markdown,
}));

const livePattern = /^```live ([a-z-]+)\n[\s\S]*?^```$/gm;

/** The names of the live blocks of a chapter, in order. */
export function liveBlocksOf(markdown: string): string[] {
	return [...markdown.matchAll(livePattern)].map(match => match[1]!);
}

/** The chapter with each live block's body replaced by `outputs[name]` (kept when absent). */
export function fillLiveBlocks(markdown: string, outputs: Readonly<Record<string, string>>): string {
	return markdown.replace(livePattern, (block, name: string) =>
		outputs[name] === undefined ? block : `\`\`\`live ${name}\n${outputs[name]!.replace(/\n+$/, '')}\n\`\`\``,
	);
}
