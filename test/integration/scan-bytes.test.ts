/**
 * Reading the bytes: when the labels cannot explain an exec format error, the scan reads the file
 * that failed from the image's layers in ECR, through the simulator and the real SDK.
 */
import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {baseLayer, buildImage, buildIndex, type BuiltImage, type FileSpec} from '../../source/registry/image-builder.js';
import {makePlatform} from '../../source/registry/platform.js';
import {addTeamApp, createAppRunnerService} from '../../source/simulator/resources.js';
import {newAccount} from '../../source/simulator/scenarios.js';
import {findingFor, runScan, simulate} from '../helpers/simulated-aws.js';
import headers from '../fixtures/binary-headers.json' with {type: 'json'};

const amd64 = makePlatform('linux', 'amd64');
const hour = 3_600_000;
const arm64 = makePlatform('linux', 'arm64', 'v8');

/** One Fargate (x86_64) service running `image`, its history played forward. */
function serviceRunning(image: BuiltImage) {
	return addTeamApp(newAccount(), image);
}

const realHeader = (source: string) => Buffer.from(headers.find(entry => entry.source.startsWith(source))!.head, 'hex');

/** An image labelled linux/amd64 with an amd64 base layer and `files` on top. */
const labelledAmd64 = (files: FileSpec[], entrypoint = ['/usr/local/bin/app']) =>
	buildImage({platform: amd64, format: 'oci', layers: [baseLayer(amd64), files], entrypoint});

describe('the bytes of the file that failed', () => {
	it('finds a binary cross-compiled for arm64 in an image labelled linux/amd64, and offers only a rebuild', async () => {
		await simulate(serviceRunning(labelledAmd64([{path: 'usr/local/bin/app', content: realHeader('npm @esbuild/linux-arm64')}])));
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/team/app');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.image.platforms).toEqual(['linux/amd64']);
		expect(finding.summary).toBe(
			"team/app:v1's label says linux/amd64, but its files are not: /usr/local/bin/app is an aarch64 ELF 64-bit LSB executable: the kernel of a linux/amd64 host cannot run it.",
		);
		expect(finding.bytes).toMatchObject({
			verdict: 'architecture-mismatch',
			file: {path: '/usr/local/bin/app', description: 'aarch64 ELF 64-bit LSB executable', platform: 'linux/arm64'},
			layersRead: 1,
			layersTotal: 2,
		});
		expect(finding.bytes!.bytesRead).toBeGreaterThan(0);
		expect(finding.fixes.map(fix => fix.id)).toEqual(['rebuild']);
		expect(finding.hypotheses).toEqual([]);
	});

	it("finds the interpreter a script's #! line names, through the symlink, built for the wrong machine", async () => {
		const image = buildImage({platform: amd64, format: 'oci', binaries: arm64, payload: '#!/bin/sh\nexec app\n'});
		await simulate(serviceRunning(image));
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/team/app');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.bytes).toMatchObject({
			file: {path: '/run.sh', description: 'a script for /bin/sh'},
			interpreter: {path: '/bin/sh', resolvedPath: '/bin/busybox', via: ['/bin/sh → busybox'], description: 'aarch64 ELF 64-bit LSB executable'},
			layersRead: 2,
		});
		expect(finding.bytes!.cause).toBe(
			"The image says linux/amd64, but the interpreter /bin/sh (→ /bin/busybox) that /run.sh's #! line names is an aarch64 ELF 64-bit LSB executable: the kernel of a linux/amd64 host cannot run it.",
		);
	});

	it.each([
		['a script without #!', [{path: 'usr/local/bin/app', content: 'exec node server.js\n'}], '/usr/local/bin/app is a script without a #! first line'],
		['a macOS binary', [{path: 'usr/local/bin/app', content: realHeader('npm @esbuild/darwin-arm64')}], '/usr/local/bin/app is a macOS Mach-O binary (arm64)'],
		[
			'a Windows binary',
			[{path: 'usr/local/bin/app', content: realHeader('npm node-pty@1.1.0 prebuilds/win32-x64')}],
			'/usr/local/bin/app is a Windows PE binary (x86-64)',
		],
		['an HTML page', [{path: 'usr/local/bin/app', content: '<!DOCTYPE html><html><body>404 Not Found</body></html>'}], '/usr/local/bin/app is an HTML page'],
		['an empty file', [{path: 'usr/local/bin/app', content: ''}], '/usr/local/bin/app is empty'],
	] as const)('names %s as the cause, and lists no other', async (_name, files, cause) => {
		await simulate(serviceRunning(labelledAmd64([...files])));
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/team/app');
		expect(finding.verdict).toBe('not-architecture');
		expect(finding.bytes!.cause).toContain(cause);
		expect(finding.summary).toContain(`the cause is in its files: ${cause}`);
		expect(finding.hypotheses).toEqual([]);
	});

	it('reads the entry of an index that the platform runs, and finds its binary built for another machine', async () => {
		const good = buildImage({platform: arm64, format: 'oci', payload: '#!/bin/sh\nexec app\n'});
		const lying = labelledAmd64([{path: 'usr/local/bin/app', content: realHeader('npm @esbuild/linux-arm64')}]);
		await simulate(serviceRunning(buildIndex({images: [lying, good], attestations: true})));
		const {report} = await runScan();
		const finding = findingFor(report, 'ecs-service/team/app');
		expect(finding.image.kind).toBe('index');
		expect(finding.verdict).toBe('architecture-mismatch');
		expect(finding.bytes!.file).toMatchObject({path: '/usr/local/bin/app', platform: 'linux/arm64'});
	});

	it('reads the bytes for App Runner too: an amd64 label on an arm64 binary is an architecture mismatch there', async () => {
		const account = newAccount();
		const now = account.now();
		account.createRepository('web/site', {createdAt: now - 10 * hour});
		account.pushImage('web/site', labelledAmd64([{path: 'usr/local/bin/app', content: realHeader('npm @esbuild/linux-arm64')}]), 'v2', now - 3 * hour);
		createAppRunnerService(account, {name: 'site', imageIdentifier: `${account.registryHost}/web/site:v2`, port: '8080', createdAt: now - 50 * 60_000});
		account.advance(now);
		await simulate(account);
		const {report} = await runScan();
		const site = findingFor(report, 'apprunner-service/site');
		expect(site.image.platforms).toEqual(['linux/amd64']);
		expect(site.verdict).toBe('architecture-mismatch');
		expect(site.bytes).toMatchObject({verdict: 'architecture-mismatch', file: {path: '/usr/local/bin/app', platform: 'linux/arm64'}});
	});

	it('stops at the byte budget and says so, keeping the other causes', async () => {
		// A top layer of incompressible bytes larger than the budget hides the file below it.
		const noise = randomBytes(3 * 1024 * 1024);
		const image = buildImage({
			platform: amd64,
			format: 'oci',
			layers: [baseLayer(amd64), [{path: 'usr/local/bin/app', content: 'exec node\n'}], [{path: 'opt/data.bin', content: noise, mode: 0o644}]],
			entrypoint: ['/usr/local/bin/app'],
		});
		await simulate(serviceRunning(image));
		const {report} = await runScan({}, {layerBytes: 1024 * 1024});
		const finding = findingFor(report, 'ecs-service/team/app');
		expect(finding.verdict).toBe('not-architecture');
		expect(finding.bytes).toMatchObject({
			layersRead: 1,
			layersTotal: 3,
			unread: expect.stringMatching(/^the byte budget of 1 MiB was spent in layer sha256:[0-9a-f]{12}… \(--max-layer-bytes\)$/),
		});
		expect(finding.bytes!.bytesRead).toBeGreaterThanOrEqual(1024 * 1024);
		expect(finding.bytes!.bytesRead).toBeLessThan(2 * 1024 * 1024);
		expect(finding.hypotheses.length).toBeGreaterThan(1);
	});

	it('reads nothing with --no-layer-read, or when the labels already explain the error', async () => {
		const simulator = await simulate(serviceRunning(labelledAmd64([{path: 'usr/local/bin/app', content: 'exec node\n'}])));
		const skipped = findingFor((await runScan({}, {layerBytes: false})).report, 'ecs-service/team/app');
		expect(skipped.bytes).toBeUndefined();
		expect(simulator.calls.filter(call => call.action === 's3:GetObject')).toHaveLength(1);
		await simulate('seed-fargate');
		const labelled = findingFor((await runScan()).report, 'ecs-service/observability/grafana');
		expect(labelled.verdict).toBe('architecture-mismatch');
		expect(labelled.bytes).toBeUndefined();
	});
});
