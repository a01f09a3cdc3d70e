import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import type {JournalRecord} from '../../source/ports/journal.js';
import {readJournal} from '../../source/journal/read.js';
import {lockDirectory} from '../../source/journal/paths.js';
import {acquireLock} from '../../source/journal/lock.js';
import {runFix} from '../../source/session/run-fix.js';
import {runUndo} from '../../source/session/run-undo.js';
import {CannotRunError} from '../../source/errors.js';
import {readOnlyTaskDefinitionFields} from '../../source/fixes/task-definition.js';
import type {SimAccount} from '../../source/simulator/account.js';
import {fixWorld, grafanaService, type FixWorld} from '../helpers/fixing.js';
import {recordingHost} from '../helpers/recording-host.js';

function tagOf(account: SimAccount, repository: string, tag: string) {
	const stored = account.repositories.get(repository)!;
	const digest = stored.tags.get(tag);
	return {digest, body: digest ? stored.manifests.get(digest)!.body : undefined};
}

function grafana(account: SimAccount) {
	return account.clusters.get('observability')!.services.get('grafana')!;
}

function revisionStatus(account: SimAccount, family: string, revision: number) {
	return account.taskDefinitions.get(family)!.find(definition => definition.revision === revision)?.status;
}

function onlyJournal(world: FixWorld): string {
	const names = readdirSync(world.session.journals.directory).filter(name => name.endsWith('.jsonl'));
	expect(names).toHaveLength(1);
	return path.join(world.session.journals.directory, names[0]!);
}

/** Someone registers grafana:2, a copy of grafana:1, as a colleague at work would. */
async function registerCopy(world: FixWorld): Promise<void> {
	const {document} = await world.ports.aws.describeTaskDefinitionDocument('grafana:1');
	const input = Object.fromEntries(Object.entries(document).filter(([key]) => !(readOnlyTaskDefinitionFields as readonly string[]).includes(key)));
	await world.ports.aws.registerTaskDefinition(input);
}

const typesOf = (records: readonly JournalRecord[]) => records.map(record => ('step' in record ? `${record.type} ${record.step}` : record.type));

/** The journal as it was on disk when the simulator received `action`. */
function journalAt(world: FixWorld, actions: readonly string[]): Map<string, string[]> {
	const seen = new Map<string, string[]>();
	world.simulator.faults.latencyMs = action => {
		if (actions.includes(action) && !seen.has(action)) seen.set(action, typesOf(readJournal(onlyJournal(world))));
		return 0;
	};
	return seen;
}

describe('the fix journal', () => {
	it('is on disk with the intent and undo of each change before the change is made, and its outcome after', async () => {
		const world = await fixWorld('seed-fargate');
		const seen = journalAt(world, ['ecs:UpdateService']);
		const push = world.simulator.account.pushImage.bind(world.simulator.account);
		world.simulator.account.pushImage = (...args) => {
			seen.set('push', typesOf(readJournal(onlyJournal(world))));
			return push(...args);
		};
		const before = tagOf(world.simulator.account, 'grafana/grafana', 'latest');
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(report.outcome).toBe('verified');
		expect(seen.get('push')).toEqual(['fix', 'intent docker-push']);
		expect(seen.get('ecs:UpdateService')).toEqual(['fix', 'intent docker-push', 'done docker-push', 'intent force-new-deployment']);
		const records = readJournal(report.journal!);
		expect(typesOf(records)).toEqual(['fix', 'intent docker-push', 'done docker-push', 'intent force-new-deployment', 'done force-new-deployment', 'end']);
		const intent = records.find(record => record.type === 'intent' && record.step === 'docker-push');
		// The undo holds the very bytes the tag named, read before the push.
		expect(intent).toMatchObject({undo: {kind: 'restore-tag', repository: 'grafana/grafana', tag: 'latest', digest: before.digest, manifest: before.body}});
		expect(records.at(-1)).toMatchObject({type: 'end', outcome: 'verified'});
	});

	it('records a registered revision before the service is moved to it', async () => {
		const world = await fixWorld('seed-fargate');
		const seen = journalAt(world, ['ecs:RegisterTaskDefinition', 'ecs:UpdateService']);
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('verified');
		expect(seen.get('ecs:RegisterTaskDefinition')).toEqual(['fix', 'intent register-task-definition']);
		expect(seen.get('ecs:UpdateService')).toEqual(['fix', 'intent register-task-definition', 'done register-task-definition', 'intent update-service']);
		const records = readJournal(report.journal!);
		expect(records.find(record => record.type === 'done' && record.step === 'register-task-definition')).toMatchObject({
			change: {undoAction: {kind: 'deregister', taskDefinition: 'grafana:2'}},
		});
		expect(records.find(record => record.type === 'intent' && record.step === 'update-service')).toMatchObject({
			undo: {kind: 'update-service', cluster: 'observability', service: 'grafana', taskDefinition: expect.stringMatching(/grafana:1$/)},
		});
	});

	it('is a file only its owner can read, in a directory only its owner can list, and holds no password', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(statSync(report.journal!).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(report.journal!)).mode & 0o777).toBe(0o700);
		const password = world.dockerCalls().find(call => call.argv[0] === 'login')!.stdin;
		expect(password.length).toBeGreaterThan(10);
		const text = readFileSync(report.journal!, 'utf8');
		expect(text).not.toContain(password);
		expect(text).not.toContain(Buffer.from(`AWS:${password}`).toString('base64'));
		expect(text).not.toMatch(/authorizationToken|password/i);
	});

	it('is named in the report, and says where it is as the fix starts', async () => {
		const world = await fixWorld('seed-fargate');
		const {report, events} = await world.fix('patch-task-definition');
		expect(report.journal).toBe(onlyJournal(world));
		expect(path.basename(report.journal!)).toMatch(/^2026-11-24T09-30-00Z-ecs-observability-grafana\.jsonl$/);
		expect(events.find(event => event.type === 'journal')).toEqual({type: 'journal', path: report.journal});
	});

	it('writes no journal for a dry run, a refusal or a plan nobody confirmed', async () => {
		const world = await fixWorld('seed-fargate');
		await runFix({strategy: 'repush', target: grafanaService, cwd: process.cwd()}, world.session, recordingHost({dryRun: true}));
		await runFix({strategy: 'repush', target: grafanaService, cwd: process.cwd()}, world.session, recordingHost({answer: false}));
		await runFix({strategy: 'repush', target: grafanaService, cwd: process.cwd()}, world.session, recordingHost({assumeYes: true}));
		expect(() => readdirSync(world.session.journals.directory)).toThrow(/ENOENT/);
	});
});

describe('execdoctor undo', () => {
	it('puts a moved tag back on the exact manifest bytes (the same digest) and deploys the service again', async () => {
		const world = await fixWorld('seed-fargate');
		const before = tagOf(world.simulator.account, 'grafana/grafana', 'latest');
		const {report} = await world.fix('repush', {source: 'grafana/grafana:latest'});
		expect(tagOf(world.simulator.account, 'grafana/grafana', 'latest').digest).not.toBe(before.digest);
		const deploymentsBefore = grafana(world.simulator.account).deployments.length;

		const planned = await runUndo(report.journal!, world.session, {dryRun: true, confirm: async () => true});
		expect(planned.outcome).toBe('planned');
		expect(planned.steps.map(step => step.id)).toEqual(['restore-tag', 'redeploy-service']);
		expect(tagOf(world.simulator.account, 'grafana/grafana', 'latest').digest).not.toBe(before.digest);

		const undone = await runUndo(report.journal!, world.session, {assumeYes: true, confirm: async () => true});
		expect(undone.outcome).toBe('undone');
		expect(tagOf(world.simulator.account, 'grafana/grafana', 'latest')).toEqual(before);
		expect(grafana(world.simulator.account).taskDefinition).toMatch(/grafana:1$/);
		expect(grafana(world.simulator.account).deployments.length).toBeGreaterThanOrEqual(deploymentsBefore);
		const put = world.simulator.calls.find(call => call.action === 'ecr:PutImage')!;
		expect(put).toMatchObject({status: 200, input: {imageTag: 'latest', imageDigest: before.digest, imageManifest: before.body}});

		// Run again, it takes nothing back twice.
		const again = await runUndo(report.journal!, world.session, {assumeYes: true, confirm: async () => true});
		expect(again.outcome).toBe('nothing-to-undo');
		expect(world.simulator.calls.filter(call => call.action === 'ecr:PutImage')).toHaveLength(1);
	});

	it('moves the service back to its revision and deregisters the one the fix registered', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('patch-task-definition');
		expect(grafana(world.simulator.account).taskDefinition).toMatch(/grafana:2$/);
		const undone = await runUndo(report.journal!, world.session, {assumeYes: true, confirm: async () => true});
		expect(undone.outcome).toBe('undone');
		// The service leaves the revision before it is deregistered.
		expect(undone.steps.map(step => step.id)).toEqual(['update-service', 'deregister']);
		expect(grafana(world.simulator.account).taskDefinition).toMatch(/grafana:1$/);
		expect(revisionStatus(world.simulator.account, 'grafana', 2)).toBe('INACTIVE');
		expect(revisionStatus(world.simulator.account, 'grafana', 1)).toBe('ACTIVE');
		const records = readJournal(report.journal!);
		expect(typesOf(records).slice(-2)).toEqual(['undone update-service', 'undone register-task-definition']);
	});

	it('changes nothing when not confirmed', async () => {
		const world = await fixWorld('seed-fargate');
		const {report} = await world.fix('patch-task-definition');
		const calls = world.simulator.calls.length;
		const refused = await runUndo(report.journal!, world.session, {confirm: async () => false});
		expect(refused.outcome).toBe('refused');
		expect(world.simulator.calls.slice(calls).filter(call => /Update|Deregister|Put|Delete/.test(call.action))).toEqual([]);
	});
});

describe('racing fixes', () => {
	it('refuses to start while another live execdoctor fix holds the workload, and changes nothing', async () => {
		const world = await fixWorld('seed-fargate');
		const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {stdio: 'ignore'});
		try {
			const arn = grafana(world.simulator.account).arn;
			const lock = acquireLock(lockDirectory({XDG_STATE_HOME: path.dirname(path.dirname(world.session.journals.directory))}), arn, 'other.jsonl');
			// Hand the lock to the other (living) process, as a second execdoctor would hold it.
			const file = readdirSync(lockDirectory({XDG_STATE_HOME: path.dirname(path.dirname(world.session.journals.directory))}))[0]!;
			const lockPath = path.join(lockDirectory({XDG_STATE_HOME: path.dirname(path.dirname(world.session.journals.directory))}), file);
			writeFileSync(lockPath, JSON.stringify({pid: other.pid, startedAt: '2026-11-24T09:29:00.000Z', workload: arn, journal: 'other.jsonl'}));
			const failure = await world.fix('patch-task-definition').catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(CannotRunError);
			expect((failure as Error).message).toBe(
				`Another execdoctor fix (pid ${other.pid}, started 2026-11-24T09:29:00.000Z) is changing ${arn} (journal other.jsonl): nothing was changed. Wait for it to end.`,
			);
			expect(world.simulator.calls.filter(call => call.action === 'ecs:RegisterTaskDefinition')).toEqual([]);
			expect(readdirSync(world.session.journals.directory).filter(name => name.endsWith('.jsonl'))).toEqual([]);
			lock.release();
		} finally {
			other.kill();
		}
	});

	it('takes over a lock left by a process that is gone, and releases its own at the end', async () => {
		const world = await fixWorld('seed-fargate');
		const locks = lockDirectory({XDG_STATE_HOME: path.dirname(path.dirname(world.session.journals.directory))});
		const gone = spawn(process.execPath, ['-e', ''], {stdio: 'ignore'});
		await new Promise(resolve => gone.on('exit', resolve));
		acquireLock(locks, grafana(world.simulator.account).arn, 'old.jsonl');
		const file = path.join(locks, readdirSync(locks)[0]!);
		writeFileSync(file, JSON.stringify({pid: gone.pid, startedAt: '2026-11-23T00:00:00.000Z', workload: grafana(world.simulator.account).arn}));
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('verified');
		expect(readdirSync(locks)).toEqual([]);
	});

	it('stops with "changed since the plan" when someone deploys while the plan is being confirmed', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost();
		const confirm = host.confirm.bind(host);
		host.confirm = async plan => {
			// A colleague redeploys the service between the plan and the yes.
			await world.ports.aws.updateService({cluster: 'observability', service: 'grafana', forceNewDeployment: true});
			return confirm(plan);
		};
		const calls = () => world.simulator.calls.filter(call => /^(ecs:(Register|Update|Deregister)|ecr:Put)/.test(call.action)).length;
		const report = await runFix({strategy: 'patch-task-definition', target: grafanaService, cwd: process.cwd()}, world.session, host);
		expect(report.outcome).toBe('failed');
		expect(report.message).toMatch(
			/^grafana changed since the plan: a new deployment ecs-svc\/\d+ of grafana:1 started: plan it again\. Nothing was changed\.$/,
		);
		expect(calls()).toBe(1);
		expect(report.changes).toEqual([]);
	});

	it('stops with "changed since the plan" when someone registers a revision while the plan is being confirmed', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost();
		const confirm = host.confirm.bind(host);
		host.confirm = async plan => {
			await registerCopy(world);
			return confirm(plan);
		};
		const report = await runFix({strategy: 'repush', target: grafanaService, cwd: process.cwd(), source: 'grafana/grafana:latest'}, world.session, host);
		expect(report.outcome).toBe('failed');
		expect(report.message).toContain(
			'grafana changed since the plan: grafana:2 was registered (the newest revision was grafana:1): plan it again. Nothing was changed.',
		);
		expect(world.dockerCalls().filter(call => call.argv[0] === 'push')).toEqual([]);
	});

	it('stops with "changed since the plan" when the tag is pushed while the plan is being confirmed', async () => {
		const world = await fixWorld('seed-fargate');
		const host = recordingHost();
		const confirm = host.confirm.bind(host);
		const before = tagOf(world.simulator.account, 'grafana/grafana', 'latest').digest;
		host.confirm = async plan => {
			const stored = world.simulator.account.repositories.get('grafana/grafana')!;
			const other = [...stored.manifests.keys()].find(digest => digest !== before)!;
			stored.tags.set('latest', other);
			return confirm(plan);
		};
		const report = await runFix({strategy: 'patch-task-definition', target: grafanaService, cwd: process.cwd()}, world.session, host);
		expect(report.outcome).toBe('failed');
		expect(report.message).toContain(`grafana changed since the plan: `);
		expect(report.message).toContain(`(it named ${before})`);
		expect(world.simulator.calls.filter(call => call.action === 'ecs:RegisterTaskDefinition')).toEqual([]);
	});

	it('refuses, when planning, to repair a revision someone has superseded: a second patch after the first', async () => {
		const world = await fixWorld('seed-fargate');
		expect((await world.fix('patch-task-definition')).report.outcome).toBe('verified');
		for (const strategy of ['patch-task-definition', 'repush'] as const) {
			const {report} = await world.fix(strategy, {source: 'grafana/grafana:latest'});
			expect(report.outcome).toBe('refused');
			expect(report.message).toBe(
				'Service grafana runs grafana:2 now, newer than grafana:1 that failed: someone deployed since the failure, and nothing was changed. Scan again to see whether it runs, or name the revision to repair with --task-definition (--task-definition grafana:1 repairs the failed one anyway).',
			);
		}
		expect(world.simulator.calls.filter(call => call.action === 'ecs:RegisterTaskDefinition')).toHaveLength(1);
	});

	it('refuses, when planning, a failing revision with a newer one registered since', async () => {
		const world = await fixWorld('seed-fargate');
		await registerCopy(world);
		const {report} = await world.fix('patch-task-definition');
		expect(report.outcome).toBe('refused');
		expect(report.message).toMatch(/^grafana:2 was registered after grafana:1 that failed: someone may be deploying it, and nothing was changed\./);
		const named = await world.fix('patch-task-definition', {
			target: {kind: 'ecs-service', cluster: 'observability', service: 'grafana', taskDefinition: 'grafana:1'},
		});
		expect(named.report.outcome).toBe('verified');
	});
});
