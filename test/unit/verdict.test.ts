import {describe, expect, it} from 'vitest';
import type {ImageFacts, RuntimeFacts} from '../../source/diagnosis/facts.js';
import {decideVerdict} from '../../source/diagnosis/verdict.js';
import {makePlatform} from '../../source/registry/platform.js';

const amd64 = makePlatform('linux', 'amd64');
const arm64v8 = makePlatform('linux', 'arm64', 'v8');

const single = (platform = arm64v8): ImageFacts => ({raw: 'x', kind: 'manifest', platforms: [platform], attestationCount: 0});
const index = (...platforms: ReturnType<typeof makePlatform>[]): ImageFacts => ({raw: 'x', kind: 'index', platforms, attestationCount: 1});
const onAmd64: RuntimeFacts = {platform: amd64, source: 'test'};
const onArm64: RuntimeFacts = {platform: makePlatform('linux', 'arm64'), source: 'test'};

describe('decideVerdict', () => {
	it('calls a single-platform image of the wrong architecture an architecture mismatch', () => {
		expect(decideVerdict({image: single(arm64v8), runtime: onAmd64, execFormat: true})).toEqual({verdict: 'architecture-mismatch'});
		expect(decideVerdict({image: single(amd64), runtime: onArm64, execFormat: true})).toEqual({verdict: 'architecture-mismatch'});
	});

	it('calls an index without the needed platform platform-missing, attestations or not', () => {
		expect(decideVerdict({image: index(arm64v8), runtime: onAmd64, execFormat: false, pullPlatform: amd64})).toEqual({verdict: 'platform-missing'});
		expect(decideVerdict({image: index(), runtime: onAmd64, execFormat: false, pullPlatform: amd64})).toEqual({verdict: 'platform-missing'});
	});

	it('still reports a mismatch found through a failed deployment, without any log line', () => {
		expect(decideVerdict({image: single(arm64v8), runtime: onAmd64, execFormat: false})).toEqual({verdict: 'architecture-mismatch'});
	});

	it('matches arm64/v8 images to an ARM64 runtime', () => {
		expect(decideVerdict({image: single(arm64v8), runtime: onArm64, execFormat: true})).toEqual({verdict: 'not-architecture'});
		expect(decideVerdict({image: index(amd64, arm64v8), runtime: onArm64, execFormat: true})).toEqual({verdict: 'not-architecture'});
	});

	it('says not-architecture when an exec format error happened on a matching platform', () => {
		expect(decideVerdict({image: single(amd64), runtime: onAmd64, execFormat: true})).toEqual({verdict: 'not-architecture'});
	});

	it('ignores failures that are not exec format errors when the image is fine', () => {
		expect(decideVerdict({image: single(amd64), runtime: onAmd64, execFormat: false})).toEqual({verdict: 'none'});
	});

	it('says unknown, with the reason, when the image could not be read', () => {
		const outcome = decideVerdict({
			image: {raw: 'x', platforms: [], attestationCount: 0, unknownReason: 'ECR has no image.'},
			runtime: onAmd64,
			execFormat: true,
		});
		expect(outcome).toEqual({verdict: 'unknown', reason: 'ECR has no image.'});
	});

	it('says unknown when the runtime platform is unknown', () => {
		const outcome = decideVerdict({image: single(amd64), runtime: {source: 'EC2 launch type without runtimePlatform'}, execFormat: true});
		expect(outcome.verdict).toBe('unknown');
		expect('reason' in outcome && outcome.reason).toContain('EC2 launch type without runtimePlatform');
	});

	it('does not invent an incident from an unreadable image when nothing said exec format error', () => {
		expect(decideVerdict({image: {raw: 'x', platforms: [], attestationCount: 0, unknownReason: 'denied'}, runtime: onAmd64, execFormat: false})).toEqual({
			verdict: 'none',
		});
	});

	it('says unknown when a pull failed for a platform the image now holds', () => {
		const outcome = decideVerdict({image: index(amd64, arm64v8), runtime: onAmd64, execFormat: false, pullPlatform: amd64});
		expect(outcome.verdict).toBe('unknown');
		expect('reason' in outcome && outcome.reason).toContain('pushed again');
	});
});
