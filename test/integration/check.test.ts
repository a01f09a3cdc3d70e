/** `execdoctor check`: every target kind, every image source, every exit code and output format, through the simulator and the real SDK. */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildImage, buildIndex, flattenImage, tarFiles, type BuiltImage} from '../../source/registry/image-builder.js';
import {elfHeaderFor} from '../../source/registry/image-builder.js';
import {makePlatform} from '../../source/registry/platform.js';
import {runCheck} from '../../source/reading/check-image.js';
import type {DockerPort} from '../../source/ports/fix.js';
import {runCli, simulatorEnv} from '../helpers/cli.js';
import {simulate} from '../helpers/simulated-aws.js';

const registry = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com';
const grafana = `${registry}/grafana/grafana:latest`;
const amd64 = makePlatform('linux', 'amd64');
const arm64 = makePlatform('linux', 'arm64', 'v8');
const temporary = () => mkdtempSync(path.join(tmpdir(), 'execdoctor-check-'));

async function demoEnv(scenario: 'demo' | 'seed-fargate' = 'demo') {
	const simulator = await simulate(scenario);
	return {simulator, env: simulatorEnv(simulator.url)};
}

const check = (args: readonly string[], env: Record<string, string>) => runCli(['check', ...args], {env});
const json = (stdout: string) =>
	JSON.parse(stdout) as {
		outcome: string;
		message: string;
		target: {platforms: string[]};
		results: {code?: string; outcome: string; container?: string; message: string}[];
	};

/** An OCI image layout directory, as `docker buildx build --output type=oci,tar=false` writes one. */
function ociLayout(image: BuiltImage): string {
	const directory = temporary();
	const {manifests, blobs} = flattenImage(image);
	mkdirSync(path.join(directory, 'blobs/sha256'), {recursive: true});
	for (const item of [...manifests.map(manifest => ({digest: manifest.digest, bytes: Buffer.from(manifest.body)})), ...blobs])
		writeFileSync(path.join(directory, 'blobs/sha256', item.digest.slice('sha256:'.length)), item.bytes);
	writeFileSync(path.join(directory, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
	writeFileSync(
		path.join(directory, 'index.json'),
		JSON.stringify({schemaVersion: 2, manifests: [{mediaType: image.mediaType, digest: image.digest, size: image.body.length}]}),
	);
	return directory;
}

/** The same layout in a tarball, as `docker save` writes it since Docker 25. */
function tarballOf(directory: string): string {
	const blobDirectory = path.join(directory, 'blobs/sha256');
	const files = [
		...['oci-layout', 'index.json'].map(name => ({path: name, content: readFileSync(path.join(directory, name))})),
		...readdirSync(blobDirectory).map(name => ({path: `blobs/sha256/${name}`, content: readFileSync(path.join(blobDirectory, name))})),
	];
	const file = path.join(temporary(), 'image.tar');
	writeFileSync(file, tarFiles(files));
	return file;
}

describe('check: targets', () => {
	it('--platform: 0 when the image holds it, 1 with the code when it does not, each platform of several on its own', async () => {
		const {env} = await demoEnv('seed-fargate');
		const fits = await check([grafana, '--platform', 'linux/arm64'], env);
		expect(fits.code).toBe(0);
		expect(fits.stdout).toContain('✓ 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest on linux/arm64');
		const misses = await check([grafana, '--platform', 'linux/amd64,linux/arm64', '--json'], env);
		expect(misses.code).toBe(1);
		expect(json(misses.stdout).results.map(result => [result.outcome, result.code])).toEqual([
			['does-not-fit', 'EXD101'],
			['fits', undefined],
		]);
	});

	it('--for ecs:CLUSTER/SERVICE reads the platform from the service, and checks every container without an IMAGE (a sidecar is EXD104)', async () => {
		const {env, simulator} = await demoEnv();
		const result = await check(['--for', 'ecs:shop/checkout', '--json'], env);
		expect(result.code).toBe(1);
		const report = json(result.stdout);
		expect(report.target.platforms).toEqual(['linux/amd64']);
		expect(report.results.map(item => [item.container, item.outcome, item.code])).toEqual([
			['app', 'fits', undefined],
			['log_router', 'does-not-fit', 'EXD104'],
		]);
		// Nothing account-wide: no cluster listing, no log search.
		expect(simulator.calls.map(call => call.action).filter(action => /List(Clusters|Services)|StartQuery|FilterLogEvents|ListFunctions/.test(action))).toEqual(
			[],
		);
	});

	it('--for an ECS service on EC2 without runtimePlatform reads the architectures of its cluster’s container instances', async () => {
		const {env} = await demoEnv();
		const result = await check(['--for', 'ecs:graviton/worker', '--json'], env);
		expect(result.code).toBe(1);
		const report = json(result.stdout) as ReturnType<typeof json> & {target: {source: string}};
		expect(report.target.platforms).toEqual(['linux/arm64']);
		expect(report.target.source).toContain('container instances in cluster graviton report ecs.cpu-architecture arm64');
		expect(report.results[0]).toMatchObject({container: 'worker', code: 'EXD101'});
	});

	it('--task-definition FILE.json: Fargate without runtimePlatform is X86_64, ARM64 where it says so; FAMILY:REV from ECS', async () => {
		const {env} = await demoEnv('seed-fargate');
		const directory = temporary();
		const definition = {family: 'grafana', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{name: 'grafana', image: grafana, essential: true}]};
		writeFileSync(path.join(directory, 'fargate.json'), JSON.stringify(definition));
		writeFileSync(
			path.join(directory, 'arm.json'),
			JSON.stringify({taskDefinition: {...definition, runtimePlatform: {cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX'}}}),
		);
		expect((await check(['--task-definition', path.join(directory, 'fargate.json')], env)).code).toBe(1);
		const arm = await check(['--task-definition', path.join(directory, 'arm.json'), '--json'], env);
		expect(arm.code).toBe(0);
		expect(json(arm.stdout).target.platforms).toEqual(['linux/arm64']);
		const revision = await check(['--task-definition', 'grafana:1', '--json'], env);
		expect(json(revision.stdout).results.map(item => [item.container, item.code])).toEqual([['grafana', 'EXD101']]);
	});

	it('--app-runner is x86_64; --lambda reads the function’s architecture and refuses an index (EXD106)', async () => {
		const {env} = await demoEnv();
		expect(json((await check([grafana, '--app-runner', '--json'], env)).stdout).results[0]!.code).toBe('EXD101');
		const index = await check([`${registry}/finance/report-export:1.9`, '--lambda', 'report-export', '--json'], env);
		expect(index.code).toBe(1);
		expect(json(index.stdout).results[0]).toMatchObject({code: 'EXD106', outcome: 'does-not-fit'});
		const single = await check([`${registry}/billing/invoice-pdf:3.2.0`, '--lambda', 'invoice-pdf', '--json'], env);
		// Its label says amd64, as the function needs, but the bytes are arm64's.
		expect(json(single.stdout).results[0]!.code).toBe('EXD103');
	});
});

describe('check: the bytes and other causes', () => {
	it('fails an image whose label fits but whose program is for another machine (EXD103), or a script without #! (EXD201)', async () => {
		const {env} = await demoEnv();
		const lies = json((await check([`${registry}/finance/ledger:4.1.0`, '--platform', 'linux/amd64', '--json'], env)).stdout);
		expect(lies.results[0]).toMatchObject({code: 'EXD103'});
		expect(lies.results[0]!.message).toMatch(/^The image says linux\/amd64, but \/usr\/local\/bin\/ledger is an aarch64 ELF/);
		const script = json((await check([`${registry}/tools/report-job:latest`, '--platform', 'linux/amd64', '--json'], env)).stdout);
		expect(script.results[0]).toMatchObject({code: 'EXD201'});
		// --no-layer-read trusts the label.
		expect((await check([`${registry}/finance/ledger:4.1.0`, '--platform', 'linux/amd64', '--no-layer-read'], env)).code).toBe(0);
	});
});

describe('check: image sources', () => {
	it('reads an OCI layout directory and a docker save tarball, index and single image, bytes too, with no AWS and no Docker', async () => {
		const index = buildIndex({images: [buildImage({platform: amd64, format: 'oci'}), buildImage({platform: arm64, format: 'oci'})], attestations: true});
		const layout = ociLayout(index);
		const noAws = {PATH: path.dirname(process.execPath), HOME: temporary()};
		const both = await runCli(['check', layout, '--platform', 'linux/amd64,linux/arm64', '--json'], {env: noAws});
		expect(both.code).toBe(0);
		expect(json(both.stdout).results.map(result => result.outcome)).toEqual(['fits', 'fits']);
		expect(json(both.stdout).results[0]!.message).toContain('its program /run.sh can run there');
		const lying = ociLayout(buildImage({platform: amd64, binaries: arm64, format: 'oci', payload: '#!/bin/sh\necho hi\n'}));
		const tarball = tarballOf(lying);
		const result = await runCli(['check', tarball, '--platform', 'linux/amd64', '--json'], {env: noAws});
		expect(result.code).toBe(1);
		expect(json(result.stdout).results[0]).toMatchObject({code: 'EXD103'});
	});

	it('reads a docker save tarball from before Docker 25 (manifest.json and layer tars)', async () => {
		const config = JSON.stringify({
			architecture: 'arm64',
			variant: 'v8',
			os: 'linux',
			config: {Entrypoint: ['/run.sh']},
			rootfs: {type: 'layers', diff_ids: []},
		});
		const layer = tarFiles([{path: 'run.sh', content: '#!/bin/sh\necho hi\n'}]);
		const file = path.join(temporary(), 'legacy.tar');
		writeFileSync(
			file,
			tarFiles([
				{path: 'manifest.json', content: JSON.stringify([{Config: 'abc.json', RepoTags: ['app:1'], Layers: ['layer1/layer.tar']}])},
				{path: 'abc.json', content: config},
				{path: 'layer1/layer.tar', content: layer},
			]),
		);
		const result = await runCli(['check', file, '--platform', 'linux/amd64', '--json'], {env: {PATH: path.dirname(process.execPath), HOME: temporary()}});
		expect(result.code).toBe(1);
		expect(json(result.stdout).results[0]).toMatchObject({code: 'EXD101', outcome: 'does-not-fit'});
	});

	it('--local asks the local Docker (here the simulated Mac) for the image it has', async () => {
		const {env} = await demoEnv('seed-fargate');
		const result = await check(['grafana/grafana:latest', '--local', '--platform', 'linux/amd64', '--scenario', 'seed-fargate', '--json'], env);
		expect(json(result.stdout).results[0]).toMatchObject({outcome: 'does-not-fit', code: 'EXD101'});
		expect(result.stdout).toContain('the local Docker');
		// Where the label fits, docker save gives the files: the program is read too.
		const fits = await check(['grafana/grafana:latest', '--local', '--platform', 'linux/arm64', '--scenario', 'seed-fargate', '--json'], env);
		expect(fits.code).toBe(0);
		expect(json(fits.stdout).results[0]!.message).toContain('its program /run.sh can run there');
	});
});

describe('check --local against a daemon older than Docker 28', () => {
	it('saves without --platform when the daemon has no such flag, and reads the program from the old archive format', async () => {
		// What Docker 28's CLI says to a 20.10 daemon, and what that daemon's docker save writes (seen with both).
		const rootfs = tarFiles([
			{path: 'bin', directory: true},
			{path: 'bin/server', content: elfHeaderFor(arm64)},
		]);
		const config = JSON.stringify({architecture: 'amd64', os: 'linux', config: {Entrypoint: ['/bin/server']}, rootfs: {type: 'layers', diff_ids: []}});
		const argvs: string[][] = [];
		const docker: DockerPort = {
			status: async () => ({installed: true, daemon: true, buildx: false, containerdImageStore: false}),
			async run(argv) {
				argvs.push([...argv]);
				if (argv[0] === 'image') return {exitCode: 0, stdout: JSON.stringify({Os: 'linux', Architecture: 'amd64', Id: 'sha256:91e9'}), stderr: ''};
				if (argv.includes('--platform'))
					return {exitCode: 1, stdout: '', stderr: '"--platform" requires API version 1.48, but the Docker daemon API version is 1.41'};
				const file = argv[argv.indexOf('-o') + 1]!;
				writeFileSync(
					file,
					tarFiles([
						{path: 'manifest.json', content: JSON.stringify([{Config: 'c.json', RepoTags: ['lying:1'], Layers: ['l/layer.tar']}])},
						{path: 'c.json', content: config},
						{path: 'l/layer.tar', content: rootfs},
					]),
				);
				return {exitCode: 0, stdout: '', stderr: ''};
			},
		};
		const report = await runCheck(
			{image: 'lying:1', local: true, target: {kind: 'platforms', platforms: [amd64]}, layerBytes: 64 * 1024 * 1024},
			{account: async () => Promise.reject(new Error('no account is needed')), docker: async () => docker},
		);
		expect(report.results[0]).toMatchObject({code: 'EXD103', outcome: 'does-not-fit'});
		expect(argvs.map(argv => argv.filter(arg => !arg.startsWith('/')).join(' '))).toEqual([
			'image inspect --format {{json .}} lying:1',
			'save --platform linux/amd64 -o lying:1',
			'save -o lying:1',
		]);
	});
});

describe('check: could not check (2), bad input (2), and output formats', () => {
	it('exits 2 when the image is not in ECR, or when an EC2 task definition leaves the platform to its cluster', async () => {
		const {env} = await demoEnv('seed-fargate');
		const missing = await check([`${registry}/grafana/grafana:nope`, '--platform', 'linux/amd64', '--json'], env);
		expect(missing.code).toBe(2);
		expect(json(missing.stdout).results[0]).toMatchObject({outcome: 'unknown', code: 'EXD900'});
		const file = path.join(temporary(), 'ec2.json');
		writeFileSync(file, JSON.stringify({family: 'x', requiresCompatibilities: ['EC2'], containerDefinitions: [{name: 'x', image: grafana}]}));
		const ec2 = await check(['--task-definition', file], env);
		expect(ec2.code).toBe(2);
		expect(ec2.stdout).toContain('the EC2 capacity of its cluster decides');
	});

	it.each([
		[[grafana], 'check takes one target'],
		[[grafana, '--platform', 'linux/amd64', '--app-runner'], 'got --platform and --app-runner'],
		[[grafana, '--platform', 'amd64'], '--platform: "amd64" is not a platform'],
		[['--platform', 'linux/amd64'], 'Name the image to check'],
		[[grafana, '--for', 'prod/api'], '--for "prod/api" is not ecs:CLUSTER/SERVICE'],
		[['--task-definition', '/nonexistent/taskdef.json'], 'cannot read /nonexistent/taskdef.json (ENOENT)'],
		[['nginx:latest', '--platform', 'linux/amd64'], '"nginx:latest" is neither an ECR image nor a file or directory'],
		[[grafana, '--platform', 'linux/amd64', '--fail-on', 'EXD1'], 'is not a finding code'],
	])('refuses %j with one line and exit 2', async (args, message) => {
		const result = await runCli(['check', ...args]);
		expect(result.code).toBe(2);
		expect(result.stderr.split('\n')[0]).toContain(message);
		expect(result.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
	});

	it('colours a terminal’s text with its own escapes only, and NO_COLOR turns them off', async () => {
		const {env} = await demoEnv('seed-fargate');
		const coloured = await check([grafana, '--platform', 'linux/amd64'], {...env, FORCE_COLOR: '1'});
		expect(coloured.stdout).toContain('\u001b[31m\u001b[1m✗');
		expect(coloured.stdout).not.toContain('\\x1b');
		const plain = await check([grafana, '--platform', 'linux/amd64'], {...env, NO_COLOR: '1'});
		expect(plain.stdout).not.toContain('\u001b');
	});

	it('exits 2 with one line for a cluster or service that does not exist', async () => {
		const {env} = await demoEnv('seed-fargate');
		const cluster = await check(['--for', 'ecs:nope/api'], env);
		expect([cluster.code, cluster.stderr.split('\n')[0]]).toEqual([2, 'execdoctor: ECS cluster nope was not found (Cluster not found.).']);
		const service = await check(['--for', 'ecs:observability/nope'], env);
		expect([service.code, service.stderr.split('\n')[0]]).toEqual([2, 'execdoctor: ECS service nope was not found in cluster observability.']);
	});

	it('--fail-on gates only on the codes named', async () => {
		const {env} = await demoEnv();
		const args = ['--for', 'ecs:shop/checkout'];
		expect((await check([...args, '--fail-on', 'EXD101'], env)).code).toBe(0);
		expect((await check([...args, '--fail-on', 'EXD104'], env)).code).toBe(1);
	});

	it('writes GitHub Actions annotations when GITHUB_ACTIONS=true (on stderr beside --json), and a JUnit report with --junit', async () => {
		const {env} = await demoEnv();
		const junit = path.join(temporary(), 'check.xml');
		const plain = await check(['--for', 'ecs:shop/checkout', '--junit', junit], {...env, GITHUB_ACTIONS: 'true'});
		expect(plain.stdout).toMatch(
			/^::error title=execdoctor EXD104 log_router%3A 123456789012\.dkr\.ecr\.ap-northeast-1\.amazonaws\.com\/shop\/fluent-bit%3Acustom on linux\/amd64::Container log_router: .* holds only linux\/arm64\/v8, not linux\/amd64, which ECS service shop\/checkout runs on\.$/m,
		);
		const xml = readFileSync(junit, 'utf8');
		expect(xml).toContain('<testsuites name="execdoctor check" tests="2" failures="1" errors="0">');
		expect(xml).toMatch(/<testcase classname="execdoctor\.check" name="app: [^"]+ on linux\/amd64"><\/testcase>/);
		expect(xml).toMatch(/<failure type="EXD104" message="Container log_router: [^"]+">EXD104 A sidecar container&apos;s image/);
		const withJson = await check(['--for', 'ecs:shop/checkout', '--json'], {...env, GITHUB_ACTIONS: 'true'});
		expect(() => JSON.parse(withJson.stdout)).not.toThrow();
		expect(withJson.stderr).toMatch(/^::error title=execdoctor EXD104/m);
		const outside = await check(['--for', 'ecs:shop/checkout'], env);
		expect(outside.stdout).not.toContain('::error');
	});
});
