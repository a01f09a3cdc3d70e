import type {HostReport} from '../diagnosis/types.js';
import {chapters, fillLiveBlocks, liveBlocksOf, type Chapter} from './chapters.js';
import {runLiveBlock, type LiveContext} from './live.js';

/**
 * docs/guide shows the built-in account as of this moment, seen from this host (an Apple
 * Silicon Mac with Docker Desktop), so the published output is stable from run to run.
 */
export const guideClockStart = Date.parse('2026-11-24T08:00:00Z');
export const guideHost: HostReport = {platform: 'linux/arm64', source: 'docker-daemon', containerdImageStore: true, dockerVersion: '28.2.2'};

/** A clock that starts at `start` and runs at real speed (Logs Insights queries must be able to finish). */
export function clockFrom(start: number): () => number {
	const realStart = Date.now();
	return () => start + (Date.now() - realStart);
}

export async function liveOutputs(chapter: Chapter, context: LiveContext): Promise<Record<string, string>> {
	const outputs: Record<string, string> = {};
	for (const name of liveBlocksOf(chapter.markdown)) outputs[name] ??= await runLiveBlock(name, context);
	return outputs;
}

/** Every chapter's markdown with its live blocks filled from `context`. */
export async function renderGuide(context: LiveContext): Promise<{file: string; markdown: string}[]> {
	const rendered: {file: string; markdown: string}[] = [];
	for (const chapter of chapters) rendered.push({file: chapter.file, markdown: fillLiveBlocks(chapter.markdown, await liveOutputs(chapter, context))});
	return rendered;
}
