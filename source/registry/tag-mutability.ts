/**
 * ECR's tag mutability: `IMMUTABLE` and `MUTABLE`, or the `…_WITH_EXCLUSION` forms, where tags
 * matching an exclusion filter (a wildcard, `*` for any characters) take the opposite setting.
 */
export type TagMutability = {readonly setting: string; readonly exclusions: readonly string[]};

function matchesWildcard(filter: string, tag: string): boolean {
	const pattern = filter
		.split('*')
		.map(part => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${pattern}$`).test(tag);
}

/** Whether ECR refuses to move `tag` once it exists; undefined when the setting is not known. */
export function isTagImmutable(mutability: TagMutability, tag: string): boolean | undefined {
	const excluded = mutability.exclusions.some(filter => matchesWildcard(filter, tag));
	switch (mutability.setting) {
		case 'MUTABLE':
			return false;
		case 'IMMUTABLE':
			return true;
		case 'IMMUTABLE_WITH_EXCLUSION':
			return !excluded;
		case 'MUTABLE_WITH_EXCLUSION':
			return excluded;
		default:
			return undefined;
	}
}
