/**
 * What a file is, from its first bytes: what the kernel sees when it is asked to exec it. An ELF
 * for another machine, a script without `#!`, a macOS or Windows binary, an empty file or an HTML
 * page saved by a failed download all end in `exec format error`.
 */
import {makePlatform, type Platform} from './platform.js';

export type FileKind =
	| {
			readonly kind: 'elf';
			readonly bits: 32 | 64;
			readonly endian: 'little' | 'big';
			/** `x86-64`, `aarch64`, `arm`, `386`, `ppc64le`, `ppc64`, `s390x`, `riscv64`, or `e_machine N`. */
			readonly machine: string;
			/** The Linux platform that runs it, when there is one execdoctor knows. */
			readonly platform?: Platform;
			readonly type: 'executable' | 'shared object' | 'relocatable' | 'core' | 'unknown';
	  }
	| {readonly kind: 'script'; readonly interpreter: string; readonly argument?: string; readonly crlf: boolean}
	| {readonly kind: 'mach-o'; readonly cpu: string; readonly fat: boolean}
	| {readonly kind: 'pe'; readonly machine: string}
	| {readonly kind: 'empty'}
	| {readonly kind: 'html'}
	| {readonly kind: 'text'; readonly firstLine: string}
	| {readonly kind: 'data'};

/** How many leading bytes decide: enough for an ELF or Mach-O header, a `#!` line and a PE header. */
export const headBytes = 1024;

const elfMachines: Record<number, {name: string; architecture?: string}> = {
	3: {name: '386', architecture: '386'},
	40: {name: 'arm', architecture: 'arm'},
	62: {name: 'x86-64', architecture: 'amd64'},
	183: {name: 'aarch64', architecture: 'arm64'},
	22: {name: 's390x', architecture: 's390x'},
	243: {name: 'riscv64', architecture: 'riscv64'},
	8: {name: 'mips'},
	2: {name: 'sparc'},
	43: {name: 'sparcv9'},
	258: {name: 'loongarch64', architecture: 'loong64'},
};

function elf(bytes: Uint8Array): FileKind {
	const bits = bytes[4] === 2 ? 64 : 32;
	const endian = bytes[5] === 2 ? 'big' : 'little';
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const little = endian === 'little';
	const type = bytes.length >= 18 ? view.getUint16(16, little) : 0;
	const number = bytes.length >= 20 ? view.getUint16(18, little) : -1;
	// e_machine 21 is 64-bit PowerPC: little-endian is ppc64le, big-endian ppc64 (another architecture).
	const known = number === 21 ? {name: little ? 'ppc64le' : 'ppc64', architecture: little ? 'ppc64le' : 'ppc64'} : elfMachines[number];
	const types: Record<number, 'executable' | 'shared object' | 'relocatable' | 'core'> = {1: 'relocatable', 2: 'executable', 3: 'shared object', 4: 'core'};
	return {
		kind: 'elf',
		bits,
		endian,
		machine: known?.name ?? `e_machine ${number}`,
		...(known?.architecture && !(known.architecture === 'arm' && bits === 64) ? {platform: makePlatform('linux', known.architecture)} : {}),
		type: types[type] ?? 'unknown',
	};
}

const machOCpus: Record<number, string> = {0x7: 'i386', 0x01000007: 'x86_64', 0xc: 'arm', 0x0100000c: 'arm64', 0x12: 'ppc', 0x01000012: 'ppc64'};

function machO(bytes: Uint8Array, fat: boolean): FileKind {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (fat) {
		// A universal binary lists each architecture it holds (big-endian header).
		const count = bytes.length >= 8 ? view.getUint32(4, false) : 0;
		const cpus = Array.from({length: Math.min(count, 8)}, (_, index) => 8 + index * 20)
			.filter(offset => offset + 4 <= bytes.length)
			.map(offset => machOCpus[view.getUint32(offset, false)] ?? 'unknown');
		return {kind: 'mach-o', cpu: cpus.join(' + ') || 'unknown', fat: true};
	}
	const little = bytes[0] === 0xcf || bytes[0] === 0xce;
	const cpu = bytes.length >= 8 ? view.getUint32(4, little) : 0;
	return {kind: 'mach-o', cpu: machOCpus[cpu] ?? `cputype ${cpu}`, fat: false};
}

const peMachines: Record<number, string> = {0x14c: '386', 0x8664: 'x86-64', 0xaa64: 'aarch64', 0x1c0: 'arm', 0x1c4: 'armnt'};

function pe(bytes: Uint8Array): FileKind {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const offset = bytes.length >= 0x40 ? view.getUint32(0x3c, true) : -1;
	const signed =
		offset >= 0 && offset + 6 <= bytes.length && bytes[offset] === 0x50 && bytes[offset + 1] === 0x45 && bytes[offset + 2] === 0 && bytes[offset + 3] === 0;
	const machine = signed ? view.getUint16(offset + 4, true) : -1;
	return {kind: 'pe', machine: signed ? (peMachines[machine] ?? `machine 0x${machine.toString(16)}`) : 'unknown (MZ header only)'};
}

function startsWith(bytes: Uint8Array, ...values: number[]): boolean {
	return values.every((value, index) => bytes[index] === value);
}

export function classifyFile(bytes: Uint8Array): FileKind {
	if (bytes.length === 0) return {kind: 'empty'};
	if (startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46)) return elf(bytes);
	if (startsWith(bytes, 0x23, 0x21)) {
		const end = bytes.indexOf(0x0a);
		const line = new TextDecoder().decode(bytes.subarray(2, end === -1 ? bytes.length : end));
		const crlf = line.endsWith('\r');
		const [interpreter = '', ...rest] = line
			.replace(/\r$/, '')
			.trim()
			.split(/[ \t]+/);
		return {kind: 'script', interpreter, ...(rest.length > 0 ? {argument: rest.join(' ')} : {}), crlf};
	}
	if (
		startsWith(bytes, 0xcf, 0xfa, 0xed, 0xfe) ||
		startsWith(bytes, 0xce, 0xfa, 0xed, 0xfe) ||
		startsWith(bytes, 0xfe, 0xed, 0xfa, 0xcf) ||
		startsWith(bytes, 0xfe, 0xed, 0xfa, 0xce)
	)
		return machO(bytes, false);
	// 0xcafebabe is also a Java class file; a fat Mach-O lists a handful of architectures, a class file's version is ≥ 45.
	if (startsWith(bytes, 0xca, 0xfe, 0xba, 0xbe) && bytes.length >= 8 && new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, false) < 20)
		return machO(bytes, true);
	if (startsWith(bytes, 0x4d, 0x5a)) return pe(bytes);
	const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes.subarray(0, 512));
	if (/^\s*(<!doctype html|<html|<\?xml|<head|<body)/i.test(text)) return {kind: 'html'};
	const printable = [...text].filter(character => character === '\n' || character === '\r' || character === '\t' || character >= ' ').length;
	if (printable / Math.max(1, [...text].length) > 0.95) return {kind: 'text', firstLine: text.split('\n')[0]!.slice(0, 120)};
	return {kind: 'data'};
}

/** In words, as `file(1)` would put it. */
export function describeFile(kind: FileKind): string {
	switch (kind.kind) {
		case 'elf': {
			return `${kind.machine} ELF ${kind.bits}-bit ${kind.endian === 'big' ? 'MSB' : 'LSB'} ${kind.type}`;
		}
		case 'script': {
			return `a script for ${kind.interpreter}${kind.argument ? ` ${kind.argument}` : ''}${kind.crlf ? ' (its #! line ends in CRLF)' : ''}`;
		}
		case 'mach-o': {
			return `a macOS Mach-O ${kind.fat ? 'universal ' : ''}binary (${kind.cpu})`;
		}
		case 'pe': {
			return `a Windows PE binary (${kind.machine})`;
		}
		case 'empty': {
			return 'an empty file';
		}
		case 'html': {
			return 'an HTML page';
		}
		case 'text': {
			return `a text file without a #! line (it starts "${kind.firstLine}")`;
		}
		case 'data': {
			return 'data that is no executable format';
		}
	}
}
