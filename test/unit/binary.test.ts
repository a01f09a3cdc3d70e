/**
 * The classifier on real headers: the first kilobyte of binaries that npm packages ship for
 * several architectures (esbuild's per-platform packages, node-pty's prebuilds), kept in
 * test/fixtures/binary-headers.json with where each came from.
 */
import {describe, expect, it} from 'vitest';
import headers from '../fixtures/binary-headers.json' with {type: 'json'};
import {classifyFile, describeFile} from '../../source/registry/binary.js';
import {formatPlatform} from '../../source/registry/platform.js';

const head = (source: string) => Buffer.from(headers.find(entry => entry.source.startsWith(source))!.head, 'hex');

describe('classifyFile on real binaries', () => {
	it.each([
		['npm @esbuild/linux-x64', 'x86-64 ELF 64-bit LSB executable', 'linux/amd64'],
		['npm @esbuild/linux-arm64', 'aarch64 ELF 64-bit LSB executable', 'linux/arm64'],
		['npm @esbuild/linux-arm@', 'arm ELF 32-bit LSB executable', 'linux/arm/v7'],
		['npm @esbuild/linux-ia32', '386 ELF 32-bit LSB executable', 'linux/386'],
		['npm @esbuild/linux-ppc64', 'ppc64le ELF 64-bit LSB executable', 'linux/ppc64le'],
		['npm @esbuild/linux-s390x', 's390x ELF 64-bit MSB executable', 'linux/s390x'],
		['npm @esbuild/linux-riscv64', 'riscv64 ELF 64-bit LSB executable', 'linux/riscv64'],
		['npm @rolldown/binding-linux-x64-gnu', 'x86-64 ELF 64-bit LSB shared object', 'linux/amd64'],
		['npm node@', 'x86-64 ELF 64-bit LSB executable', 'linux/amd64'],
	])('%s is %s (%s)', (source, words, platform) => {
		const kind = classifyFile(head(source));
		expect(describeFile(kind)).toBe(words);
		expect(kind.kind === 'elf' && kind.platform ? formatPlatform(kind.platform) : undefined).toBe(platform.replace('/v7', ''));
	});

	it.each([
		['npm @esbuild/darwin-arm64', 'a macOS Mach-O binary (arm64)'],
		['npm node-pty@1.1.0 prebuilds/darwin-x64', 'a macOS Mach-O binary (x86_64)'],
		['npm node-pty@1.1.0 prebuilds/win32-x64', 'a Windows PE binary (x86-64)'],
		['npm node-pty@1.1.0 prebuilds/win32-arm64', 'a Windows PE binary (aarch64)'],
	])('%s is %s', (source, words) => {
		expect(describeFile(classifyFile(head(source)))).toBe(words);
	});
});

describe('classifyFile on what else ends up where a binary should be', () => {
	const bytes = (text: string) => new TextEncoder().encode(text);

	it('reads a #! line, its interpreter and argument, and a CRLF ending', () => {
		expect(classifyFile(bytes('#!/bin/sh\nexec app\n'))).toEqual({kind: 'script', interpreter: '/bin/sh', crlf: false});
		expect(classifyFile(bytes('#!/usr/bin/env python3\nprint(1)\n'))).toEqual({kind: 'script', interpreter: '/usr/bin/env', argument: 'python3', crlf: false});
		expect(classifyFile(bytes('#!/bin/bash\r\necho hi\r\n'))).toEqual({kind: 'script', interpreter: '/bin/bash', crlf: true});
	});

	it('tells a script without #!, an HTML page, an empty file and data apart', () => {
		expect(classifyFile(bytes('echo "building report"\n'))).toEqual({kind: 'text', firstLine: 'echo "building report"'});
		expect(classifyFile(bytes('<!DOCTYPE html>\n<html><body>Not Found</body></html>'))).toEqual({kind: 'html'});
		expect(classifyFile(new Uint8Array())).toEqual({kind: 'empty'});
		expect(classifyFile(Uint8Array.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10, 0x11, 0x12]))).toEqual({kind: 'data'});
	});

	it('keeps big-endian ppc64 apart from ppc64le, as the kernel does', () => {
		const header = head('npm @esbuild/linux-ppc64').subarray(0, 64);
		const big = Uint8Array.from(header);
		big[5] = 2; // EI_DATA: big-endian
		big[16] = 0;
		big[17] = 2; // e_type executable, big-endian
		big[18] = 0;
		big[19] = 21; // e_machine 21, big-endian
		const kind = classifyFile(big);
		expect(kind).toMatchObject({kind: 'elf', machine: 'ppc64', endian: 'big'});
		expect(kind.kind === 'elf' && kind.platform && formatPlatform(kind.platform)).toBe('linux/ppc64');
	});

	it('reads a universal Mach-O, and does not take a Java class file for one', () => {
		const fat = Uint8Array.from([
			0xca,
			0xfe,
			0xba,
			0xbe,
			0,
			0,
			0,
			2,
			0x01,
			0,
			0,
			0x07,
			...Array<number>(16).fill(0),
			0x01,
			0,
			0,
			0x0c,
			...Array<number>(16).fill(0),
		]);
		expect(describeFile(classifyFile(fat))).toBe('a macOS Mach-O universal binary (x86_64 + arm64)');
		const javaClass = Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61, 0, 0x10]);
		expect(classifyFile(javaClass).kind).toBe('data');
	});
});
