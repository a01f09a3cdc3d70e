/**
 * Lambda container functions through the simulator and the real SDK: the scan finds each shape
 * (an image for the other architecture, an index Lambda refused, a label that lies), and the fix
 * sequence applies, verifies and undoes each Lambda fix.
 */
import {describe, expect, it} from 'vitest';
import {runUndo} from '../../source/session/run-undo.js';
import type {SimAccount} from '../../source/simulator/account.js';
import {parseManifest} from '../../source/registry/manifest.js';
import {fixWorld, type FixWorld} from '../helpers/fixing.js';
import {findingFor, runScan, scenarioAccount, simulate} from '../helpers/simulated-aws.js';

const resizer = {kind: 'lambda-function', name: 'image-resizer'} as const;
const reportExport = {kind: 'lambda-function', name: 'report-export'} as const;

function lambdaOf(account: SimAccount, name: string) {
	return account.lambdaFunctions.get(name)!;
}

function tagKind(account: SimAccount, repository: string, tag: string): string {
	const stored = account.repositories.get(repository)!;
	const manifest = stored.manifests.get(stored.tags.get(tag)!)!;
	return parseManifest(manifest.body, manifest.mediaType).kind;
}

const lambdaCalls = (world: FixWorld) => world.simulator.calls.filter(call => call.action === 'lambda:UpdateFunctionCode').map(call => call.status);

describe('scanning Lambda functions', () => {
	it('finds the image for the other architecture, the refused index and the lying label; leaves Zip functions alone', async () => {
		await simulate(scenarioAccount('lambda'));
		const {report} = await runScan();
		expect(report.searched.lambdaFunctions).toBe(3);
		expect(report.findings.map(finding => [finding.workload.kind, finding.workload.name, finding.verdict, finding.status])).toEqual([
			['lambda-function', 'image-resizer', 'architecture-mismatch', 'failing'],
			['lambda-function', 'invoice-pdf', 'architecture-mismatch', 'failing'],
			['lambda-function', 'report-export', 'index-rejected', 'rolled-back'],
		]);

		const mismatch = findingFor(report, 'lambda-function/image-resizer');
		expect(mismatch.image.platforms).toEqual(['linux/arm64/v8']);
		expect(mismatch.runtime).toMatchObject({platform: 'linux/amd64', source: 'function Architectures x86_64'});
		expect(mismatch.evidence.some(entry => entry.message.includes('fork/exec /lambda-entrypoint.sh: exec format error'))).toBe(true);
		expect(mismatch.evidence.every(entry => entry.logGroup === undefined || entry.logGroup === '/aws/lambda/image-resizer')).toBe(true);
		expect(mismatch.fixes.map(fix => fix.id)).toEqual(['repush', 'rebuild', 'set-architecture']);
		expect(mismatch.fixes[2]!.commands[0]).toBe(
			'aws lambda update-function-code --function-name image-resizer --image-uri 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/media/image-resizer:2.0 --architectures arm64 --region ap-northeast-1',
		);

		const lie = findingFor(report, 'lambda-function/invoice-pdf');
		expect(lie.image.platforms).toEqual(['linux/amd64']);
		expect(lie.bytes).toMatchObject({verdict: 'architecture-mismatch', file: {path: '/var/task/bootstrap', platform: 'linux/arm64'}});
		expect(lie.summary).toContain('/var/task/bootstrap is an aarch64 ELF');
		expect(lie.fixes.map(fix => fix.id)).toEqual(['rebuild']);
		expect(lie.fixes[0]!.commands.join('\n')).toContain('docker buildx build --platform linux/amd64 --provenance=false --sbom=false');

		const rejected = findingFor(report, 'lambda-function/report-export');
		expect(rejected.evidence).toEqual([
			expect.objectContaining({
				kind: 'lambda-update',
				message: expect.stringContaining('The image manifest, config or layer media type for the source image'),
			}),
		]);
		expect(rejected.fixes.map(fix => fix.id)).toEqual(['repush', 'rebuild']);
		// The refused index holds arm64 itself: the re-push takes its entry, not a guess from Docker Hub.
		expect(rejected.fixes[0]!.commands).toContain(
			'docker pull --platform linux/arm64 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/finance/report-export:1.9',
		);
	});

	it('reads only the function named with --lambda-function', async () => {
		const simulator = await simulate(scenarioAccount('lambda'));
		const {report} = await runScan({lambdaFunction: 'report-export'});
		expect(report.findings.map(finding => finding.workload.name)).toEqual(['report-export']);
		expect(simulator.calls.some(call => call.action.startsWith('ecs:'))).toBe(false);
	});
});

describe('fixing a Lambda function', () => {
	it('set-architecture: UpdateFunctionCode with Architectures arm64, verified by an invocation, undone by digest', async () => {
		const world = await fixWorld('lambda', {target: resizer});
		const before = {...lambdaOf(world.simulator.account, 'image-resizer')};
		const {report} = await world.fix('set-architecture');
		expect(report.outcome).toBe('verified');
		expect(report.steps.map(step => [step.id, step.status])).toEqual([['update-function-code', 'done']]);
		expect(report.verification.checks.map(check => [check.name, check.ok])).toEqual([
			['image', true],
			['update', true],
			['platform', true],
			['logs', true],
		]);
		expect(lambdaOf(world.simulator.account, 'image-resizer').architectures).toEqual(['arm64']);
		expect(report.changes[0]!.undoAction).toEqual({
			kind: 'restore-lambda-code',
			functionName: 'image-resizer',
			imageUri: before.resolvedImageUri,
			architectures: ['x86_64'],
		});

		const undone = await runUndo(report.journal!, world.session, {assumeYes: true, confirm: async () => true});
		expect(undone.outcome).toBe('undone');
		const after = lambdaOf(world.simulator.account, 'image-resizer');
		expect([after.architectures, after.resolvedImageUri, after.lastUpdateStatus]).toEqual([['x86_64'], before.resolvedImageUri, 'Successful']);
	});

	it('repush: a single linux/amd64 manifest on the same tag, then UpdateFunctionCode, since Lambda resolved the old digest', async () => {
		const world = await fixWorld('lambda', {target: resizer});
		const {report} = await world.fix('repush');
		expect(report.outcome).toBe('verified');
		expect(report.plan!.steps.map(step => step.id)).toEqual([
			'ecr-token',
			'docker-login',
			'docker-pull',
			'check-pulled',
			'docker-tag',
			'docker-push',
			'update-function-code',
		]);
		expect(tagKind(world.simulator.account, 'media/image-resizer', '2.0')).toBe('manifest');
		expect(lambdaOf(world.simulator.account, 'image-resizer').architectures).toEqual(['x86_64']);
		expect(report.verification.checks.find(check => check.name === 'platform')!.detail).toContain('a single linux/amd64 image');
	});

	it('repush of a refused index takes its own arm64 entry and pushes it as a single manifest', async () => {
		const world = await fixWorld('lambda', {target: reportExport});
		const {report} = await world.fix('repush');
		expect(report.plan!.sourceOrigin).toBe('ecr');
		expect(report.plan!.steps.map(step => step.id)).not.toContain('docker-tag');
		expect(report.outcome).toBe('verified');
		expect(tagKind(world.simulator.account, 'finance/report-export', '1.9')).toBe('manifest');
		expect(lambdaOf(world.simulator.account, 'report-export').lastUpdateStatus).toBe('Successful');
	});

	it('refuses what Lambda cannot take, before any change', async () => {
		const world = await fixWorld('lambda', {target: reportExport});
		const refusals = await Promise.all(
			(['copy-index', 'patch-task-definition', 'set-architecture', 'redeploy'] as const).map(async strategy => (await world.fix(strategy)).report),
		);
		expect(refusals.map(report => report.outcome)).toEqual(['refused', 'refused', 'refused', 'refused']);
		expect(refusals[0]!.message).toContain('Lambda refuses an image index');
		expect(refusals[1]!.message).toContain('Lambda has no task definition');
		expect(refusals[2]!.message).toContain('is an image index: Lambda refuses an index on any architecture');
		expect(refusals[3]!.message).toContain('is an image index, which Lambda refuses');
		expect(lambdaCalls(world)).toEqual([]);
	});

	it('is not verified while the function fails: set-architecture back to the wrong one is caught by its invocations', async () => {
		const world = await fixWorld('lambda', {target: resizer});
		// Someone pushed an amd64-labelled image with arm64 files: the update settles, the init fails.
		const account = world.simulator.account;
		const lambda = lambdaOf(account, 'image-resizer');
		lambda.architectures = ['arm64'];
		const invoice = account.lookupImage(`${account.registryHost}/billing/invoice-pdf:3.2.0`)!;
		account.repositories.get('media/image-resizer')!.tags.set('2.0', invoice.manifest.digest);
		const stored = account.repositories.get('media/image-resizer')!;
		const source = account.repositories.get('billing/invoice-pdf')!;
		stored.manifests.set(invoice.manifest.digest, invoice.manifest);
		for (const [digest, bytes] of source.blobs) stored.blobs.set(digest, bytes);
		const {report} = await world.fix('set-architecture');
		expect(report.outcome).toBe('applied-unverified');
		expect(report.verification.checks.find(check => check.name === 'logs')).toMatchObject({ok: false});
		expect(report.verification.evidence.some(entry => entry.message.includes('fork/exec /var/task/bootstrap: exec format error'))).toBe(true);
	});
});
