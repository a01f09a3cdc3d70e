import {describe, expect, it} from 'vitest';
import type {JournalRecord} from '../../source/ports/journal.js';
import type {UndoAction} from '../../source/fixes/types.js';
import {undoPlan} from '../../source/fixes/undo.js';

const at = '2026-11-24T09:30:00.000Z';
const header: JournalRecord = {
	type: 'fix',
	version: 1,
	at,
	strategy: 'patch-task-definition',
	workload: {kind: 'ecs-service', name: 'grafana', arn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/observability/grafana', cluster: 'observability'},
	region: 'ap-northeast-1',
	pid: 1,
	steps: [],
};
const restoreTag: UndoAction = {
	kind: 'restore-tag',
	registryId: '123456789012',
	repository: 'grafana/grafana',
	tag: 'latest',
	digest: `sha256:${'a'.repeat(64)}`,
	mediaType: 'application/vnd.oci.image.manifest.v1+json',
	manifest: '{"schemaVersion":2}',
};
const redeploy: UndoAction = {kind: 'redeploy-service', cluster: 'observability', service: 'grafana'};
const moveBack: UndoAction = {kind: 'update-service', cluster: 'observability', service: 'grafana', taskDefinition: 'grafana:1'};
const intent = (step: string, undo: UndoAction): JournalRecord => ({type: 'intent', at, step, title: `the ${step} step`, display: step, undo});
const done = (step: string, undoAction?: UndoAction): JournalRecord => ({
	type: 'done',
	at,
	step,
	...(undoAction ? {change: {step, description: step, undo: step, undoAction}} : {}),
});

describe('undoPlan', () => {
	it('takes changes back latest first, with the redeploys last', () => {
		const plan = undoPlan([
			header,
			intent('docker-push', restoreTag),
			done('docker-push', restoreTag),
			intent('force-new-deployment', redeploy),
			done('force-new-deployment', redeploy),
		]);
		expect(plan.steps.map(step => [step.id, step.undoes])).toEqual([
			['restore-tag', 'docker-push'],
			['redeploy-service', 'force-new-deployment'],
		]);
		expect(plan.steps[0]!.shell[0]).toContain('--image-digest sha256:aaaa');
		expect(plan.scope).toEqual({region: 'ap-northeast-1'});
	});

	it('takes back a step cut off by a kill when its undo is right whether or not it happened', () => {
		const plan = undoPlan([header, intent('docker-push', restoreTag)]);
		expect(plan.steps.map(step => step.id)).toEqual(['restore-tag']);
		expect(plan.notes).toEqual([]);
	});

	it('takes back a step abandoned at a signal, which may have made its change', () => {
		const plan = undoPlan([header, intent('docker-push', restoreTag), {type: 'abandoned', at, step: 'docker-push', detail: 'Cancelled.'}]);
		expect(plan.steps.map(step => step.id)).toEqual(['restore-tag']);
	});

	it('leaves out a step that failed, and one already taken back', () => {
		const plan = undoPlan([
			header,
			intent('register-task-definition', {kind: 'nothing', reason: 'the new revision is known only once registered'}),
			done('register-task-definition', {kind: 'deregister', taskDefinition: 'grafana:2'}),
			intent('update-service', moveBack),
			{type: 'failed', at, step: 'update-service', detail: 'Access denied'},
			{type: 'undone', at, step: 'register-task-definition', detail: 'deregistered grafana:2'},
		]);
		expect(plan.steps).toEqual([]);
	});

	it('names, and does not guess at, a cut-off step whose undo depends on what it did', () => {
		const plan = undoPlan([header, intent('register-task-definition', {kind: 'nothing', reason: 'the new revision is known only once registered'})]);
		expect(plan.steps).toEqual([]);
		expect(plan.notes).toEqual([
			'"the register-task-definition step" was cut off before it said what it did, and the new revision is known only once registered: check it by hand.',
		]);
	});

	it('uses the profile it is given over the one in the journal', () => {
		expect(undoPlan([{...header, profile: 'prod'} as JournalRecord], {profile: 'break-glass'}).scope).toEqual({
			region: 'ap-northeast-1',
			profile: 'break-glass',
		});
		expect(undoPlan([{...header, profile: 'prod'} as JournalRecord]).scope).toEqual({region: 'ap-northeast-1', profile: 'prod'});
	});
});
