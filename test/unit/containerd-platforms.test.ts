/**
 * containerd reads and matches platforms by one table (containerd/platforms: TestParseSelector,
 * TestParseSelectorInvalid and normalizeArch). execdoctor must agree with it: a platform it calls
 * runnable is one containerd would pull. Inputs with no OS take linux here, as execdoctor only
 * judges Linux containers; containerd takes its own host's OS.
 */
import {describe, expect, it} from 'vitest';
import {formatPlatform, isSamePlatform, makePlatform, parsePlatform, type Platform} from '../../source/registry/platform.js';

const p = (os: string, architecture: string, variant?: string): Platform => makePlatform(os, architecture, variant);

// input → what it parses to, and the platforms containerd's matcher for it accepts.
const selectors: [string, Platform, Platform[]][] = [
	['linux/arm64', p('linux', 'arm64'), [p('linux', 'aarch64'), p('linux', 'aarch64', 'v8'), p('linux', 'arm64', 'v8')]],
	['linux/arm64/v8', p('linux', 'arm64', 'v8'), [p('linux', 'aarch64'), p('linux', 'aarch64', 'v8'), p('linux', 'arm64')]],
	['linux/arm', p('linux', 'arm'), [p('linux', 'arm', 'v7'), p('linux', 'armhf'), p('linux', 'arm', '7')]],
	['linux/arm/v6', p('linux', 'arm', 'v6'), [p('linux', 'armel')]],
	['linux/arm/v7', p('linux', 'arm', 'v7'), [p('linux', 'arm'), p('linux', 'armhf')]],
	['arm', p('linux', 'arm'), []],
	['armel', p('linux', 'arm', 'v6'), []],
	['armhf', p('linux', 'arm'), []],
	['Aarch64', p('linux', 'arm64'), []],
	['x86_64', p('linux', 'amd64'), []],
	['Linux/x86_64', p('linux', 'amd64'), []],
	['i386', p('linux', '386'), []],
	['s390x', p('linux', 's390x'), []],
	['linux/s390x', p('linux', 's390x'), []],
];

describe("containerd's platform table", () => {
	it.each(selectors)('%s parses to what containerd reads, and matches what its matcher accepts', (input, expected, matches) => {
		const parsed = parsePlatform(input);
		expect(parsed).toBeDefined();
		expect(isSamePlatform(parsed!, expected)).toBe(true);
		for (const candidate of matches) expect([formatPlatform(candidate), isSamePlatform(parsed!, candidate)]).toEqual([formatPlatform(candidate), true]);
	});

	it.each(['', '/linux/arm', 'linux/arm/', 'linux /arm', 'linux/&arm', 'linux/arm/foo/bar'])('refuses %j as containerd does', input => {
		expect(parsePlatform(input)).toBeUndefined();
	});

	// normalizeArch: architecture and variant spellings that mean the same platform.
	it.each([
		[p('linux', 'i386', 'v2'), p('linux', '386')],
		[p('linux', 'x86-64'), p('linux', 'amd64')],
		[p('linux', 'amd64', 'v1'), p('linux', 'amd64')],
		[p('linux', 'arm64', '8'), p('linux', 'arm64')],
		[p('linux', 'arm64', 'v8.0'), p('linux', 'arm64')],
		[p('linux', 'arm64', '9'), p('linux', 'arm64', 'v9')],
		[p('linux', 'aarch64', '9.0'), p('linux', 'arm64', 'v9.0')],
		[p('linux', 'arm', '5'), p('linux', 'arm', 'v5')],
		[p('linux', 'arm', '6'), p('linux', 'armel')],
		[p('linux', 'arm', '8'), p('linux', 'arm', 'v8')],
	])('%o is the same platform as %o', (a, b) => {
		expect(isSamePlatform(a, b)).toBe(true);
	});

	it.each([
		// Big-endian ppc64 is another architecture than little-endian ppc64le: containerd keeps them apart.
		[p('linux', 'ppc64'), p('linux', 'ppc64le')],
		[p('linux', 'arm64', 'v9'), p('linux', 'arm64')],
		[p('linux', 'arm', 'v6'), p('linux', 'arm', 'v7')],
		[p('linux', 'amd64', 'v2'), p('linux', 'amd64')],
		[p('linux', 'x64'), p('linux', 'amd64')],
		[p('linux', 'amd64'), p('windows', 'amd64')],
	])('%o is not the same platform as %o', (a, b) => {
		expect(isSamePlatform(a, b)).toBe(false);
	});
});
