import {describe, expect, it} from 'vitest';
import {
	canonicalPlatform,
	ecsCpuArchitectureFor,
	formatPlatform,
	isSamePlatform,
	isUnknownPlatform,
	makePlatform,
	normalizeArchitecture,
	parsePlatform,
	platformFromEcsCpuArchitecture,
	runsOn,
} from '../../source/registry/platform.js';

describe('normalizeArchitecture', () => {
	it.each([
		['x86_64', 'amd64'],
		['X86_64', 'amd64'],
		['x86-64', 'amd64'],
		['amd64', 'amd64'],
		['aarch64', 'arm64'],
		['ARM64', 'arm64'],
		['arm64', 'arm64'],
		['i386', '386'],
		['ppc64', 'ppc64'],
		['ppc64le', 'ppc64le'],
		['s390x', 's390x'],
		['riscv64', 'riscv64'],
		['mips64', 'mips64'],
	])('%s → %s', (input, expected) => {
		expect(normalizeArchitecture(input).architecture).toBe(expected);
	});

	it('keeps the variant implied by 32-bit ARM spellings', () => {
		expect(normalizeArchitecture('armhf')).toEqual({architecture: 'arm', variant: 'v7'});
		expect(normalizeArchitecture('armel')).toEqual({architecture: 'arm', variant: 'v6'});
		expect(normalizeArchitecture('armv7l')).toEqual({architecture: 'arm', variant: 'v7'});
	});
});

describe('parsePlatform', () => {
	it('parses os/arch and os/arch/variant', () => {
		expect(parsePlatform('linux/amd64')).toEqual({os: 'linux', architecture: 'amd64'});
		expect(parsePlatform('linux/arm64/v8')).toEqual({os: 'linux', architecture: 'arm64', variant: 'v8'});
		expect(parsePlatform('Linux/X86_64')).toEqual({os: 'linux', architecture: 'amd64'});
	});

	it('assumes linux for a bare architecture', () => {
		expect(parsePlatform('aarch64')).toEqual({os: 'linux', architecture: 'arm64'});
	});

	it('rejects what is not a platform', () => {
		expect(parsePlatform('')).toBeUndefined();
		expect(parsePlatform('linux//amd64')).toBeUndefined();
		expect(parsePlatform('a/b/c/d')).toBeUndefined();
		expect(parsePlatform('linux/amd 64')).toBeUndefined();
	});
});

describe('comparisons', () => {
	it('treats arm64 and arm64/v8 as the same platform', () => {
		expect(isSamePlatform(makePlatform('linux', 'arm64'), makePlatform('linux', 'arm64', 'v8'))).toBe(true);
		expect(canonicalPlatform(makePlatform('linux', 'arm64', 'v8'))).toEqual({os: 'linux', architecture: 'arm64'});
	});

	it('treats arm and arm/v7 as the same platform, but not arm/v6', () => {
		expect(isSamePlatform(makePlatform('linux', 'arm'), makePlatform('linux', 'arm', 'v7'))).toBe(true);
		expect(isSamePlatform(makePlatform('linux', 'arm', 'v6'), makePlatform('linux', 'arm', 'v7'))).toBe(false);
	});

	it('never matches amd64 with arm64, or linux with windows', () => {
		expect(runsOn(makePlatform('linux', 'arm64', 'v8'), makePlatform('linux', 'amd64'))).toBe(false);
		expect(runsOn(makePlatform('windows', 'amd64'), makePlatform('linux', 'amd64'))).toBe(false);
		expect(runsOn(makePlatform('linux', 'amd64'), makePlatform('linux', 'X86_64'))).toBe(true);
	});

	it('only compares variants that both sides state', () => {
		expect(runsOn(makePlatform('linux', 'amd64', 'v3'), makePlatform('linux', 'amd64'))).toBe(true);
		expect(runsOn(makePlatform('linux', 'arm', 'v6'), makePlatform('linux', 'arm', 'v7'))).toBe(false);
	});

	it('recognises the attestation platform', () => {
		expect(isUnknownPlatform(makePlatform('unknown', 'unknown'))).toBe(true);
		expect(isUnknownPlatform(makePlatform('linux', 'amd64'))).toBe(false);
	});
});

describe('ECS spellings', () => {
	it('maps cpuArchitecture both ways', () => {
		expect(platformFromEcsCpuArchitecture('X86_64')).toEqual({os: 'linux', architecture: 'amd64'});
		expect(platformFromEcsCpuArchitecture('ARM64')).toEqual({os: 'linux', architecture: 'arm64'});
		expect(platformFromEcsCpuArchitecture('s390x')).toBeUndefined();
		expect(ecsCpuArchitectureFor(makePlatform('linux', 'arm64', 'v8'))).toBe('ARM64');
		expect(ecsCpuArchitectureFor(makePlatform('linux', 'amd64'))).toBe('X86_64');
		expect(ecsCpuArchitectureFor(makePlatform('linux', 'arm', 'v7'))).toBeUndefined();
	});

	it('formats platforms as os/arch[/variant]', () => {
		expect(formatPlatform(makePlatform('linux', 'aarch64', 'v8'))).toBe('linux/arm64/v8');
		expect(formatPlatform(makePlatform('linux', 'x86_64'))).toBe('linux/amd64');
	});
});
