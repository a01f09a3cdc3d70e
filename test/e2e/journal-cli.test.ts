/**
 * A fix killed part way — `timeout` sends SIGTERM, a closed terminal SIGHUP — must leave a
 * journal that `execdoctor undo` replays back to where the account started: the same tag digest,
 * the same service revision.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {scaledTiming} from '../../source/simulator/model.js';
import {buildScenario} from '../../source/simulator/scenarios.js';
import {startSimulator, type Simulator} from '../../source/simulator/server.js';
import {cliPath, runCli, simulatorEnv} from '../helpers/cli.js';
import {standInDocker} from '../helpers/fixing.js';

/** Every step takes a moment, so a signal lands while it runs. */
const stepMs = 400;

const started: Simulator[] = [];
// The tests run at once, each on its own simulator: none may close another's.
afterAll(() => Promise.all(started.map(simulator => simulator.close())));

async function world() {
	const account = buildScenario('seed-fargate');
	account.timing = scaledTiming(500);
	const simulator = await startSimulator({
		account,
		faults: {latencyMs: action => (/^(ecr:GetAuthorizationToken|ecs:(RegisterTaskDefinition|UpdateService))$/.test(action) ? stepMs : 0)},
	});
	started.push(simulator);
	const env = simulatorEnv(simulator.url, {
		PATH: [standInDocker, path.dirname(process.execPath)].join(path.delimiter),
		FAKE_DOCKER_URL: simulator.url,
		FAKE_DOCKER_LOG: path.join(mkdtempSync(path.join(tmpdir(), 'execdoctor-docker-')), 'calls.jsonl'),
		FAKE_DOCKER_DELAY: ['login', 'pull', 'image', 'tag', 'push'].map(command => `${command}=${stepMs}`).join(','),
		EXECDOCTOR_POLL_MS: '20',
		NO_COLOR: '1',
	});
	return {simulator, env};
}

function state(simulator: Simulator) {
	const {account} = simulator;
	const repository = account.repositories.get('grafana/grafana')!;
	const service = account.clusters.get('observability')!.services.get('grafana')!;
	return {
		tag: repository.tags.get('latest'),
		revision: service.taskDefinition.split('/').at(-1),
		active: account.taskDefinitions
			.get('grafana')!
			.filter(definition => definition.status === 'ACTIVE')
			.map(definition => definition.revision),
	};
}

/** Runs the fix and sends `signal` as soon as stderr shows `waitFor`; resolves with its exit code and output. */
function fixKilledAt(args: readonly string[], env: Record<string, string>, waitFor: string, signal: NodeJS.Signals) {
	return new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let sent = false;
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => {
			stderr += chunk;
			if (!sent && stderr.includes(waitFor)) {
				sent = true;
				child.kill(signal);
			}
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the fix did not end\nstderr: ${stderr}`));
		}, 30_000);
		child.on('close', code => {
			clearTimeout(timer);
			if (!sent) reject(new Error(`"${waitFor}" never showed\nstderr: ${stderr}`));
			else resolve({code, stdout, stderr});
		});
	});
}

const grafana = ['fix', '--cluster', 'observability', '--service', 'grafana', '--yes'];
const repush = [...grafana, '--strategy', 'repush', '--source', 'grafana/grafana:latest'];
const patch = [...grafana, '--strategy', 'patch-task-definition'];

const repushSteps = ['[1/7]', '[2/7]', '[3/7]', '[4/7]', '[5/7]', '[6/7]', '[7/7]', 'execdoctor: deployment '];
const patchSteps = ['[1/2]', '[2/2]', 'execdoctor: deployment '];

describe('a fix killed at each of its steps', () => {
	it.concurrent.each([
		...repushSteps.map(step => ['repush', step, 'SIGTERM', repush] as const),
		...patchSteps.map(step => ['patch-task-definition', step, 'SIGTERM', patch] as const),
		['repush', '[6/7]', 'SIGHUP', repush] as const,
	])('%s, at "%s" by %s, is undone back to the same revision and digest', async (_strategy, step, signal, args) => {
		const {simulator, env} = await world();
		const before = state(simulator);
		const killed = await fixKilledAt(args, env, step, signal);
		expect(killed.stderr).toMatch(new RegExp(`execdoctor: ${signal}: stopping after this step; every change and its undo is in (\\S+\\.jsonl)`));
		expect(killed.code).not.toBe(0);
		const journal = /every change and its undo is written to (\S+\.jsonl) first/.exec(killed.stderr)![1]!;

		const undo = await runCli(['undo', journal, '--yes', '--json'], {env, timeoutMs: 20_000});
		expect(undo.stderr).not.toMatch(/at .+\.js:\d+/);
		const report = JSON.parse(undo.stdout) as {outcome: string; notes: string[]};
		expect(['undone', 'nothing-to-undo']).toContain(report.outcome);
		expect(undo.code).toBe(0);
		expect(report.notes).toEqual([]);
		expect(state(simulator)).toEqual(before);
	});
});

describe('execdoctor history and undo without a journal named', () => {
	it('lists the journals newest first, and undo takes back the newest', async () => {
		const {simulator, env} = await world();
		const before = state(simulator);
		const fixed = await runCli(patch, {env, timeoutMs: 30_000});
		expect(fixed.code).toBe(0);
		expect(fixed.stdout).toMatch(/Journal\s/);
		const history = await runCli(['history'], {env});
		expect(history.code).toBe(0);
		expect(history.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}ECS service observability\/grafana {2}patch-task-definition · verified · 2 changes$/m);
		// The path on a line of its own, whole, to copy.
		expect(history.stdout.split('\n')).toContain(`  ${/written to (\S+\.jsonl) first/.exec(fixed.stderr)![1]}`);
		const listed = JSON.parse((await runCli(['history', '--json'], {env})).stdout) as {journals: {path: string; outcome: string}[]};
		expect(listed.journals).toHaveLength(1);

		const dry = await runCli(['undo', '--dry-run'], {env});
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('aws ecs update-service --cluster observability --service grafana --task-definition grafana:1 --region ap-northeast-1');
		expect(dry.stdout).toContain('aws ecs deregister-task-definition --task-definition grafana:2 --region ap-northeast-1');
		expect(state(simulator)).not.toEqual(before);

		const undone = await runCli(['undo', '--yes'], {env, timeoutMs: 20_000});
		expect(undone.code).toBe(0);
		expect(state(simulator)).toEqual(before);
		expect((await runCli(['history'], {env})).stdout).toContain('verified · 2 changes · 2 of 2 undone');
	});

	it('refuses without --yes or --dry-run when there is no terminal, and a journal that does not exist, in one line', async () => {
		const {env} = await world();
		const bare = await runCli(['undo'], {env});
		expect(bare.code).toBe(2);
		expect(bare.stderr).toMatch(
			/^execdoctor: Nothing was changed: without a terminal to confirm in, pass --dry-run .+\n(Run `execdoctor --help` for usage\.\n)?$/,
		);
		const missing = await runCli(['undo', '/nowhere/x.jsonl', '--dry-run'], {env});
		expect(missing.code).toBe(2);
		expect(missing.stderr.split('\n')[0]).toBe('execdoctor: There is no journal /nowhere/x.jsonl.');
		const none = await runCli(['undo', '--dry-run'], {env});
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('There is no fix journal in');
	});
});

describe('a fix whose output pipe closes', () => {
	it('goes on to the end and completes its journal when the reader of stdout and stderr goes away', async () => {
		const {simulator, env} = await world();
		const child = spawn(process.execPath, [cliPath, ...patch], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		const closed = new Promise<void>(resolve =>
			child.stderr.on('data', chunk => {
				stderr += chunk;
				if (!stderr.includes('[1/2]')) return;
				// As `| head` or a `timeout` that killed the pipeline would: nobody reads any more.
				child.stdout.destroy();
				child.stderr.destroy();
				resolve();
			}),
		);
		await closed;
		const journal = /written to (\S+\.jsonl) first/.exec(stderr)![1]!;
		const code = await new Promise<number | null>(resolve => child.on('close', resolve));
		expect(code).toBe(0);
		const records = readFileSync(journal, 'utf8')
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {type: string; outcome?: string});
		expect(records.at(-1)).toMatchObject({type: 'end', outcome: 'verified'});
		expect(state(simulator).revision).toBe('grafana:2');
	});
});
