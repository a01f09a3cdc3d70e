import {afterEach, describe, expect, it} from 'vitest';
import {chapters} from '../../source/learn/chapters.js';
import {LearnApp} from '../../source/ui/learn-app.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {keys, renderTui, stripAnsi, type Rendered} from '../helpers/render.js';

const mounted: Rendered[] = [];
afterEach(() => {
	for (const rendered of mounted.splice(0)) rendered.unmount();
});

function start(runLive: (name: string) => Promise<string>, size = {columns: 100, rows: 30}, copy?: (text: string) => void) {
	const rendered = renderTui(
		<ThemeContext.Provider value={{color: false}}>
			<LearnApp chapters={chapters} runLive={runLive} accountLabel="the built-in simulated account" {...(copy ? {copy} : {})} />
		</ThemeContext.Provider>,
		size,
	);
	mounted.push(rendered);
	return rendered;
}

describe('the walkthrough', () => {
	it('selects a command with tab and copies it whole with c, however it is wrapped', async () => {
		const copied: string[] = [];
		const app = start(
			async name => `output of ${name}`,
			{columns: 80, rows: 24},
			text => copied.push(text),
		);
		await app.waitFor('chapter 1 of 7');
		await app.press('c');
		await app.waitFor('Select a command with tab first.');
		await app.press('5');
		await app.waitFor('chapter 5 of 7');
		await app.press(keys.tab);
		const command = 'docker buildx imagetools inspect 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest';
		// Wider than 80 columns: shown on two rows, broken between words.
		const frame = stripAnsi(await app.waitFor('docker buildx imagetools inspect \\'));
		expect(frame).toContain('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest');
		await app.press('c');
		const copiedFrame = stripAnsi(await app.waitFor('Copied with OSC 52'));
		expect(copied).toEqual([command]);
		// The status's rows come out of the body: the header stays, and the frame fits the terminal.
		expect(copiedFrame.split('\n')[0]).toContain('execdoctor learn');
		expect(copiedFrame.split('\n').length).toBeLessThanOrEqual(24);
		await app.press(keys.tab);
		await app.press('c');
		await app.waitFor(() => copied.length === 2);
		expect(copied[1]).toBe('docker manifest inspect 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest');
		// A new chapter starts with nothing selected.
		await app.press('n');
		await app.waitFor('chapter 6 of 7');
		await app.press('c');
		await app.waitFor('Select a command with tab first.');
	});

	it('counts every key that arrives in one chunk', async () => {
		const app = start(async name => `output of ${name}`);
		await app.waitFor('chapter 1 of 7');
		await app.press('nnn');
		await app.waitFor('chapter 4 of 7');
		await app.press('pp');
		await app.waitFor('chapter 2 of 7');
	});

	it('jumps to a chapter by its number, and ? lists the chapters as a table of contents', async () => {
		const app = start(async name => `output of ${name}`);
		await app.waitFor('chapter 1 of 7');
		await app.press('6');
		await app.waitFor('chapter 6 of 7');
		await app.press('9');
		await app.waitFor('chapter 6 of 7');
		await app.press('?');
		const frame = stripAnsi(await app.waitFor('Chapters'));
		for (const [index, chapter] of chapters.entries()) expect(frame).toContain(`${index + 1}. ${chapter.title}`);
		await app.press(keys.escape);
		await app.waitFor('chapter 6 of 7');
	});

	it('moves between chapters with next and back, and fills live blocks as they arrive', async () => {
		const requested: string[] = [];
		let releaseHost: (output: string) => void = () => {};
		const app = start(name => {
			requested.push(name);
			return name === 'host' ? new Promise(resolve => (releaseHost = resolve)) : Promise.resolve(`output of ${name}`);
		});
		await app.waitFor('What a CPU architecture is');
		expect(stripAnsi(app.lastFrame())).toContain('chapter 1 of 7');
		await app.press('G');
		for (let index = 0; index < 3; index++) await app.press(keys.pageDown);
		await app.waitFor('… running against the built-in simulated account');
		releaseHost('Host: linux/arm64 from the test');
		await app.waitFor('Host: linux/arm64 from the test');
		expect(requested).toEqual(expect.arrayContaining(['host', 'images', 'index']));
		await app.press(keys.right);
		await app.waitFor('chapter 2 of 7');
		await app.press('n');
		await app.waitFor('chapter 3 of 7');
		await app.press(keys.left);
		await app.waitFor('chapter 2 of 7');
		await app.press('p');
		await app.waitFor('chapter 1 of 7');
		await app.press(keys.left);
		expect(stripAnsi(app.lastFrame())).toContain('chapter 1 of 7');
	});

	it('says where the walkthrough ends', async () => {
		const app = start(async name => `output of ${name}`);
		await app.waitFor('chapter 1 of 7');
		for (let index = 0; index < 6; index++) await app.press(keys.enter);
		await app.waitFor('Prevention');
		for (let index = 0; index < 5; index++) await app.press(keys.pageDown);
		await app.waitFor('The end. ← goes back, q quits');
		await app.press(keys.enter);
		expect(stripAnsi(app.lastFrame())).toContain('Prevention');
	});

	it('fits 80×24 and quits with q', async () => {
		const app = start(async name => `output of ${name}`, {columns: 80, rows: 24});
		const frame = stripAnsi(await app.waitFor('chapter 1 of 7'));
		expect(frame.split('\n').every(row => row.length <= 80)).toBe(true);
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		await app.press('q');
		await expect(app.instance.waitUntilExit()).resolves.toBe(0);
	});
});
