import {describe, expect, it} from 'vitest';
import type {AccountPort, LogHit} from '../../source/ports/account.js';
import {logSignature} from '../../source/diagnosis/signatures.js';
import {insightsRowLimit, LogSearch, mergeHits, signatureFilterPattern} from '../../source/reading/log-search.js';
import {Progress} from '../../source/reading/progress.js';
import {compileFilterPattern} from '../../source/simulator/log-queries.js';

const window = {start: new Date('2026-11-23T09:00:00Z'), end: new Date('2026-11-24T09:00:00Z')};
const hit = (stream: string, timestamp: number, message = 'exec /run.sh: exec format error', extra: Partial<LogHit> = {}): LogHit => ({
	logGroup: '/ecs/app',
	logStream: stream,
	timestamp,
	message,
	...extra,
});

describe('logSignature', () => {
	it.each([
		['exec /run.sh: exec format error', 'exec-format'],
		['standard_init_linux.go:228: exec user process caused: exec format error', 'exec-format'],
		['/entrypoint.sh: line 4: /usr/local/bin/ingest: cannot execute binary file: Exec format error', 'exec-format'],
		['RequestId: 1 Error: fork/exec /lambda-entrypoint.sh: exec format error', 'exec-format'],
		["CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/amd64'", 'pull-platform'],
		["CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64 v8'", 'pull-platform'],
		["CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64/v8'", 'pull-platform'],
		['CannotPullContainerError: failed to find a descriptor for platform {linux/amd64}', 'pull-platform'],
		['CannotPullContainerError: failed to find a descriptor for platform 0xc0004d52c0 0xc0004d5320', 'pull-platform'],
		['no matching manifest for linux/amd64 in the manifest list entries', 'pull-platform'],
		['no match for platform in manifest: not found', 'pull-platform'],
		['INIT_REPORT Init Duration: 1.49 ms Phase: init Status: error Error Type: Runtime.InvalidEntrypoint', 'lambda-entrypoint'],
		["Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap] Runtime.InvalidEntrypoint", 'lambda-entrypoint'],
		['The image manifest, config or layer media type for the source image 1.dkr.ecr.us-east-1.amazonaws.com/a:b is not supported.', 'lambda-image-rejected'],
		['listening on :3000', undefined],
		['exec: "-url": executable file not found in $PATH', undefined],
	])('%s → %s', (message, signature) => {
		expect(logSignature(message)).toBe(signature);
	});

	it('is what FilterLogEvents is asked for, when Insights cannot be used', () => {
		const matches = compileFilterPattern(signatureFilterPattern);
		for (const message of [
			'exec /run.sh: exec format error',
			"descriptor matching platform 'linux/amd64'",
			'failed to find a descriptor for platform {linux/amd64}',
			'Runtime.InvalidEntrypoint',
			'The image manifest, config or layer media type for the source image x is not supported.',
		])
			expect([message, matches(message)]).toEqual([message, true]);
	});
});

describe('mergeHits', () => {
	it('counts single lines into one hit per stream and signature, the latest line standing for them', () => {
		const merged = mergeHits([
			hit('ecs/app/a', 10),
			hit('ecs/app/a', 30, 'exec /run.sh: exec format error (retry)'),
			hit('ecs/app/a', 20),
			hit('ecs/app/b', 5),
		]);
		expect(merged).toEqual([
			{...hit('ecs/app/a', 30, 'exec /run.sh: exec format error (retry)'), firstTimestamp: 10, count: 3},
			{...hit('ecs/app/b', 5), firstTimestamp: 5, count: 1},
		]);
	});

	it('keeps the exec format line and the pull failure of one stream apart', () => {
		const merged = mergeHits([hit('ecs/app/a', 10), hit('ecs/app/a', 20, "descriptor matching platform 'linux/amd64'")]);
		expect(merged.map(item => logSignature(item.message))).toEqual(['pull-platform', 'exec-format']);
	});

	it('merges a stream two searches found: they saw the same lines', () => {
		const fromInsights = hit('ecs/app/a', 40, undefined, {count: 12, firstTimestamp: 1});
		const merged = mergeHits([hit('ecs/app/a', 30), hit('ecs/app/a', 40), fromInsights]);
		expect(merged).toEqual([{...fromInsights, count: 12, firstTimestamp: 1}]);
	});
});

describe('LogSearch', () => {
	it("says when a query hit Logs Insights' row limit, naming where", async () => {
		const rows = Array.from({length: insightsRowLimit}, (_, index) => hit(`ecs/app/${index}`, index, undefined, {count: 1}));
		const port = {region: 'ap-northeast-1', queryLogs: async () => rows} as unknown as AccountPort;
		const progress = new Progress();
		const search = new LogSearch(port, window, progress, 2);
		const result = await search.search([], ['/ecs/'], search.startBreadth(['/ecs/']));
		expect(result.hits).toHaveLength(insightsRowLimit);
		expect(progress.warnings).toEqual([
			{
				code: 'row-limit',
				action: 'logs:StartQuery',
				message: `Logs Insights returned its limit of ${insightsRowLimit} failing streams in log groups under /ecs/: older ones are not in this report. Scan a shorter window (--since) or one cluster or service.`,
			},
		]);
	});

	it('says nothing below the limit', async () => {
		const port = {region: 'ap-northeast-1', queryLogs: async () => [hit('ecs/app/a', 1, undefined, {count: 3})]} as unknown as AccountPort;
		const progress = new Progress();
		const search = new LogSearch(port, window, progress, 2);
		await search.search([], ['/ecs/'], search.startBreadth(['/ecs/']));
		expect(progress.warnings).toEqual([]);
	});
});
