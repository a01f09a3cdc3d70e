import {afterEach, describe, expect, it} from 'vitest';
import type {FixEvent, FixReport} from '../../source/fixes/types.js';
import {App, type Fixer} from '../../source/ui/app.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {grafana, report} from '../fixtures/findings.js';
import {planReport} from '../fixtures/fix-reports.js';
import {appWith, openFirstFix} from '../helpers/app.js';
import {keys, renderTui, stripAnsi, type Rendered} from '../helpers/render.js';

const mounted: Rendered[] = [];
afterEach(() => {
	for (const rendered of mounted.splice(0)) rendered.unmount();
});

type Controls = {shouldStop(): boolean; signal: AbortSignal};

/** A fixer the test drives: it asks the app to confirm the plan, then waits for the test to emit events and finish. */
function controlledFixer(refusal?: FixReport) {
	const applied: {emit: (event: FixEvent) => void; finish: (report: FixReport) => void; controls: Controls}[] = [];
	const answers: boolean[] = [];
	const fixer: Fixer = async (_finding, _fixId, host) => {
		if (refusal) return refusal;
		const apply = await host.confirm(planReport);
		answers.push(apply);
		if (!apply) return {...planReport, outcome: 'refused', message: 'Not confirmed: nothing was changed.'};
		return new Promise(finish =>
			applied.push({emit: event => host.onEvent!(event), finish, controls: {shouldStop: () => host.shouldStop!(), signal: host.signal!}}),
		);
	};
	return {fixer, applied, answers};
}

const openFix = (fixer: Fixer) => openFirstFix(appWith([grafana], {fixer}));

/** A planned fix, confirmed with y: the fixer has it, and the screen shows it applying. */
async function confirmFix() {
	const {fixer, applied} = controlledFixer();
	const app = await openFix(fixer);
	await app.waitFor('Press y to apply');
	await app.press('y');
	await app.waitFor('Applying · ');
	return {app, applied};
}

describe('the fix flow', () => {
	it('shows the plan, changes nothing until y, then shows each step, the changes and the verification', async () => {
		const {fixer, applied, answers} = controlledFixer();
		const app = await openFix(fixer);
		let frame = stripAnsi(await app.waitFor('Nothing has been changed. Press y to apply these steps'));
		expect(frame).toContain('source grafana/grafana:latest (a GUESS from the repository name');
		expect(frame).toMatch(/· {13}1\. Pull linux\/amd64 of grafana\/grafana:latest/);
		expect(frame).toContain('docker push --platform linux/amd64 x');
		// The marker before the title, where a long title cannot push it off the screen.
		expect(frame).toMatch(/· changes AWS 2\. /);
		expect(applied).toEqual([]);
		await app.press('y');
		// The pinned status line: the step, the time, how to stop.
		await app.waitFor(/Applying · 0:0\d · (step 1 of \d+|0 of \d+ steps done) · Ctrl-C stops after the current step/);
		expect(answers).toEqual([true]);
		applied[0]!.emit({type: 'step-started', step: planReport.plan!.steps[0]!, position: 1, total: 2});
		await app.waitFor(/… {13}1\. Pull linux\/amd64/);
		applied[0]!.emit({type: 'step-finished', result: {id: 'docker-pull', title: 'Pull', status: 'done', detail: 'pulled grafana/grafana:latest'}});
		applied[0]!.emit({
			type: 'change',
			change: {
				step: 'docker-push',
				description: 'ECR grafana/grafana:latest now points to sha256:new',
				undo: 'aws ecr put-image …',
				undoAction: {kind: 'nothing', reason: 'a test'},
			},
		});
		applied[0]!.emit({type: 'verify-progress', message: 'deployment ecs-svc/1 IN_PROGRESS: 0/1 running'});
		frame = stripAnsi(await app.waitFor('deployment ecs-svc/1 IN_PROGRESS'));
		// Verification says so in the pinned line, with its time.
		expect(frame).toMatch(/Verifying · 0:0\d · deployment ecs-svc\/1 IN_PROGRESS: 0\/1 running/);
		expect(frame).toMatch(/✓ {13}1\. Pull linux\/amd64/);
		expect(frame).toContain('undo: aws ecr put-image …');
		applied[0]!.finish({
			...planReport,
			dryRun: false,
			outcome: 'verified',
			message: 'Verified: grafana runs on linux/amd64 and no new exec format error was logged.',
			journal: '/state/execdoctor/journal/2026-11-24T09-31-00Z-ecs-observability-grafana.jsonl',
			steps: [
				{id: 'docker-pull', title: 'Pull', status: 'done'},
				{id: 'docker-push', title: 'Push', status: 'done', endedAt: '2026-11-24T09:31:12.000Z'},
			],
			changes: [
				{
					step: 'docker-push',
					description: 'ECR grafana/grafana:latest now points to sha256:new',
					undo: 'aws ecr put-image …',
					undoAction: {kind: 'nothing', reason: 'a test'},
				},
			],
			verification: {status: 'verified', checks: [{name: 'deployment', ok: true, detail: '1/1 tasks running'}], evidence: []},
		});
		frame = stripAnsi(await app.waitFor('✓ Verified'));
		expect(frame).toContain('✓ deployment: 1/1 tasks running');
		expect(frame).not.toContain('y apply');
		await app.press(keys.escape);
		// The detail says what happened, not only what the scan saw before it.
		frame = stripAnsi(await app.waitFor('fixed · verified at 09:31Z (repush)'));
		expect(frame).toContain('Verified: grafana runs on linux/amd64');
		// Wrapped between words only: the path stays whole.
		expect(frame.replace(/\s+/g, ' ')).toContain('execdoctor undo /state/execdoctor/journal/2026-11-24T09-31-00Z-ecs-observability-grafana.jsonl --yes');
		expect(frame).toContain('press r to scan again');
		await app.press(keys.escape);
		await app.waitFor(/› ✓ ECS service\s+observability\/grafana\s+arch mismatch\s+fixed ✓/);
		await app.press('r');
		await app.waitFor(/› ✗ ECS service\s+observability\/grafana\s+arch mismatch\s+failing/);
	});

	it('shows the new tasks’ log lines as they arrive while verifying, and says how they are read', async () => {
		const {app, applied} = await confirmFix();
		const fix = applied[0]!;
		fix.emit({type: 'verify-progress', message: 'deployment ecs-svc/1 IN_PROGRESS: 0/1 running'});
		fix.emit({type: 'log-watch', via: 'live-tail'});
		let frame = stripAnsi(await app.waitFor('Logs of the new tasks'));
		expect(frame).toContain('Logs of the new tasks  CloudWatch Logs Live Tail');
		expect(frame).toContain('… no line yet');
		const line = {time: '2026-11-24T09:31:02.000Z', logGroup: '/ecs/grafana', logStream: 'ecs/grafana/4c1f2a9e77', taskId: '4c1f2a9e77', container: 'grafana'};
		fix.emit({type: 'log-line', line: {...line, message: 'exec /run.sh: exec format error'}});
		// The view follows to the newest line.
		frame = stripAnsi(await app.waitFor('09:31:02 grafana 4c1f2a9e │ exec /run.sh: exec format error'));
		expect(frame).not.toContain('no line yet');
		fix.emit({type: 'log-watch', via: 'polling', reason: 'Live Tail is not allowed (logs:StartLiveTail)'});
		await app.waitFor('FilterLogEvents at every look: Live Tail is not allowed (logs:StartLiveTail)');
		// Hostile text in a log line is shown, never obeyed.
		fix.emit({type: 'log-line', line: {...line, message: 'listening\u001b]52;c;ZWNobyBoaQ==\u0007'}});
		frame = await app.waitFor('listening\\x1b]52;c;');
		expect(frame).not.toContain('\u001b]52');
	});

	it('edits the source and tag of a plan with e, and plans again with them, changing nothing', async () => {
		const calls: {inputs: unknown; answer?: boolean}[] = [];
		const fixer: Fixer = async (_finding, _fixId, host, inputs) => {
			const call: {inputs: unknown; answer?: boolean} = {inputs};
			calls.push(call);
			call.answer = await host.confirm(inputs?.source ? {...planReport, plan: {...planReport.plan!, source: inputs.source, sourceOrigin: 'flag'}} : planReport);
			return {...planReport, outcome: 'refused', message: 'Not confirmed: nothing was changed.'};
		};
		const app = await openFix(fixer);
		let frame = stripAnsi(await app.waitFor('The source is a guess: press e'));
		expect(frame).toContain('e edit');
		await app.press('e');
		frame = stripAnsi(await app.waitFor('Change the plan'));
		expect(frame).toContain('› Source grafana/grafana:latest█');
		expect(frame).toContain('type to change · tab next field · enter plan again · esc cancel');
		for (let index = 0; index < 'latest'.length; index++) await app.press(keys.backspace);
		for (const character of '11.2.0') await app.press(character);
		await app.press(keys.tab);
		for (const character of 'bad tag') await app.press(character);
		await app.press(keys.enter);
		// A tag docker would refuse is said at once, and the fields stay as typed.
		frame = stripAnsi(await app.waitFor('Tag "bad tag" is not a valid image tag.'));
		expect(frame).toContain('› Tag    bad tag█');
		expect(calls).toHaveLength(1);
		for (let index = 0; index < 'bad tag'.length; index++) await app.press(keys.backspace);
		for (const character of 'amd64') await app.press(character);
		await app.press(keys.enter);
		frame = stripAnsi(await app.waitFor('source grafana/grafana:11.2.0 ('));
		expect(frame).not.toContain('Change the plan');
		expect(calls.map(call => call.inputs)).toEqual([undefined, {source: 'grafana/grafana:11.2.0', tag: 'amd64'}]);
		// The first plan was declined: nothing was applied.
		expect(calls[0]!.answer).toBe(false);
		// e again starts from what was typed; esc leaves the plan as it is.
		await app.press('e');
		await app.waitFor('› Source grafana/grafana:11.2.0█');
		await app.press(keys.escape);
		// Ink tells a lone esc from the start of an escape sequence only after a moment.
		frame = stripAnsi(await app.waitFor(shown => !stripAnsi(shown).includes('Change the plan')));
		expect(frame).toContain('Press y to apply');
		expect(calls).toHaveLength(2);
	});

	it('offers no e for a fix that takes no source or tag', async () => {
		const patch = {...planReport, strategy: 'patch-task-definition' as const};
		const fixer: Fixer = async (_finding, _fixId, host) => {
			await host.confirm(patch);
			return {...patch, outcome: 'refused', message: 'Not confirmed: nothing was changed.'};
		};
		const app = await openFix(fixer);
		const frame = stripAnsi(await app.waitFor('Press y to apply'));
		expect(frame).toContain('y apply');
		expect(frame).not.toContain('e edit');
		await app.press('e');
		expect(stripAnsi(app.lastFrame())).not.toContain('Change the plan');
	});

	it('puts first the fixes that can run on this machine, and says why the others cannot', async () => {
		const blocked = {
			...grafana,
			fixes: [{...grafana.fixes[0]!, blocker: 'needs Docker: Docker is not installed (docker was not found on PATH).'}, grafana.fixes[1]!],
		};
		const opened: string[] = [];
		const fixer: Fixer = async (_finding, fixId) => {
			opened.push(fixId);
			return {...planReport, strategy: fixId, outcome: 'refused', message: 'Not confirmed: nothing was changed.'};
		};
		const app = appWith([blocked], {fixer, rows: 80});
		await app.waitFor('1 finding');
		await app.press(keys.enter);
		const frame = stripAnsi(await app.waitFor('Cannot run from here'));
		expect(frame.indexOf('1. Run it on ARM64')).toBeGreaterThan(-1);
		expect(frame.indexOf('1. Run it on ARM64')).toBeLessThan(frame.indexOf('2. Pull linux/amd64 explicitly'));
		expect(frame).toContain('Cannot run from here: needs Docker: Docker is not installed');
		// Enter opens the first fix: the one that can run.
		await app.press(keys.enter);
		await app.waitFor('Fix 1 of 2');
		expect(opened).toEqual(['patch-task-definition']);
	});

	it('keeps the user on the screen while a fix runs; q asks it to stop after the step', async () => {
		const {app, applied} = await confirmFix();
		await app.press(keys.escape);
		await app.waitFor('A fix is running: q or Ctrl-C stops it after the current step.');
		expect(applied[0]!.controls.shouldStop()).toBe(false);
		await app.press('q');
		await app.waitFor("Stopping after this step, or at the verification's next look…");
		expect(applied[0]!.controls.shouldStop()).toBe(true);
		expect(applied[0]!.controls.signal.aborted).toBe(false);
		await app.press(keys.ctrlC);
		expect(applied[0]!.controls.signal.aborted).toBe(true);
		applied[0]!.finish({...planReport, dryRun: false, outcome: 'interrupted', message: 'Stopped by the user. Nothing was changed.'});
		await app.waitFor('- Stopped');
		await app.press(keys.escape);
		await app.waitFor('Host (this machine)');
		await app.press(keys.escape);
		await app.waitFor(/› ✗ ECS service\s+observability\/grafana\s+arch mismatch\s+failing/);
		await app.press('q');
		await expect(app.instance.waitUntilExit()).resolves.toBe(1);
	});

	it('heads a fix that failed before changing anything as failed, not as unverified', async () => {
		const {app, applied} = await confirmFix();
		applied[0]!.finish({
			...planReport,
			dryRun: false,
			outcome: 'failed',
			message: 'docker buildx failed: ERROR: grafana/grafana:latest: not found. Nothing was changed.',
		});
		const frame = stripAnsi(await app.waitFor('✗ Failed'));
		expect(frame).toContain('not found. Nothing was changed.');
		expect(frame).not.toContain('Not verified');
	});

	it('shows why a fix cannot be applied, with the commands to run by hand', async () => {
		const {fixer} = controlledFixer({
			...planReport,
			plan: undefined,
			outcome: 'refused',
			message: 'Docker is not installed (docker was not found on PATH).',
		} as FixReport);
		const app = await openFix(fixer);
		const frame = stripAnsi(await app.waitFor('execdoctor cannot apply this fix here:'));
		expect(frame).toContain('Docker is not installed');
		expect(frame).toContain('$ docker pull --platform linux/amd64 grafana/grafana:latest');
		await app.press('y');
		expect(stripAnsi(app.lastFrame())).not.toContain('Applying');
	});

	it('scans again with r', async () => {
		let scans = 0;
		const app = renderTui(
			<ThemeContext.Provider value={{color: false}}>
				<App
					scan={async () => (++scans === 1 ? report([grafana]) : report([]))}
					actions={{copy() {}, openUrl: async () => true}}
					demo={false}
					readOnly={false}
				/>
			</ThemeContext.Provider>,
		);
		mounted.push(app);
		await app.waitFor('observability/grafana');
		await app.press('r');
		await app.waitFor('No exec format error incidents found');
		expect(scans).toBe(2);
	});
});
