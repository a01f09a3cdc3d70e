import {createHash} from 'node:crypto';

export function sha256Digest(data: string | Uint8Array): string {
	return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/**
 * Whether `bytes` are what `digest` names. A registry, a proxy or a tampered copy can hand out
 * other bytes under a digest; a verdict read from them would be a guess. Strings are hashed as
 * UTF-8, as ECR's imageManifest carries the manifest's bytes.
 */
export function digestMismatch(bytes: string | Uint8Array, digest: string): string | undefined {
	const match = /^(sha256|sha512):([0-9a-f]+)$/.exec(digest);
	if (!match) return `${digest} is not a sha256 or sha512 digest, so the bytes cannot be checked against it`;
	const actual = `${match[1]}:${createHash(match[1]!).update(bytes).digest('hex')}`;
	return actual === digest ? undefined : `its bytes hash to ${actual}`;
}
