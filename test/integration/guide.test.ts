import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {createAccountPort} from '../../source/aws/account-port.js';
import {chapters, liveBlocksOf} from '../../source/learn/chapters.js';
import {clockFrom, guideClockStart, guideHost, renderGuide} from '../../source/learn/guide-context.js';
import {liveBlocks} from '../../source/learn/live.js';
import {buildScenario} from '../../source/simulator/scenarios.js';
import {simulate} from '../helpers/simulated-aws.js';

describe('the guide', () => {
	it('has the seven chapters the walkthrough promises, each live block one execdoctor can run', () => {
		expect(chapters.map(chapter => chapter.title)).toEqual([
			'What a CPU architecture is, and why containers care',
			'Multi-platform images and the index',
			'Why a pull on an Apple Silicon Mac gives arm64',
			'How ECS, App Runner and Lambda decide what they run',
			"Reading your own image's platforms",
			'The fixes, and why a redeploy is needed',
			'Prevention',
		]);
		for (const chapter of chapters) {
			expect(liveBlocksOf(chapter.markdown).length).toBeGreaterThan(0);
			for (const name of liveBlocksOf(chapter.markdown)) expect(Object.keys(liveBlocks)).toContain(name);
		}
	});

	it('shows in docs/guide exactly what the walkthrough computes from the built-in account (run `npm run guide` after a change)', async () => {
		await simulate(buildScenario('demo', {clock: clockFrom(guideClockStart)}));
		const port = await createAccountPort({});
		try {
			for (const {file, markdown} of await renderGuide({port, host: guideHost, now: new Date(guideClockStart)})) {
				expect(readFileSync(new URL(`../../docs/guide/${file}`, import.meta.url), 'utf8'), file).toBe(markdown);
			}
		} finally {
			port.close();
		}
	});
});
