import {describe, expect, it} from 'vitest';
import {isTagImmutable} from '../../source/registry/tag-mutability.js';

describe('isTagImmutable', () => {
	it.each([
		['MUTABLE', [], 'latest', false],
		['IMMUTABLE', [], 'latest', true],
		['IMMUTABLE_WITH_EXCLUSION', ['dev-*', 'latest'], 'latest', false],
		['IMMUTABLE_WITH_EXCLUSION', ['dev-*'], 'dev-42', false],
		['IMMUTABLE_WITH_EXCLUSION', ['dev-*'], 'v1.2', true],
		['MUTABLE_WITH_EXCLUSION', ['release-*'], 'release-7', true],
		['MUTABLE_WITH_EXCLUSION', ['release-*'], 'latest', false],
		['MUTABLE_WITH_EXCLUSION', ['v1.*'], 'v1x2', false],
		['MUTABLE_WITH_EXCLUSION', ['*-stable'], 'api-stable', true],
	] as const)('%s with %j: %s immutable is %s', (setting, exclusions, tag, immutable) => {
		expect(isTagImmutable({setting, exclusions}, tag)).toBe(immutable);
	});

	it('does not guess a setting it does not know', () => {
		expect(isTagImmutable({setting: 'UNKNOWN', exclusions: []}, 'latest')).toBeUndefined();
	});
});
