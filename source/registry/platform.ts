/**
 * An OCI platform with every spelling normalised: architecture and os use Go's names
 * (`amd64`, `arm64`, `linux`). The variant is kept as declared (`v8`) for display;
 * `isSamePlatform` compares with containerd's rules (`arm64` equals `arm64/v8`).
 */
export type Platform = {
	readonly os: string;
	readonly architecture: string;
	readonly variant?: string;
};

/** Spellings containerd normalises (its `normalizeArch`); anything else is kept as written. */
const architectureAliases: Record<string, string> = {
	x86_64: 'amd64',
	'x86-64': 'amd64',
	amd64: 'amd64',
	aarch64: 'arm64',
	arm64: 'arm64',
	armhf: 'arm',
	armel: 'arm',
	arm: 'arm',
	i386: '386',
	'386': '386',
	// uname's names for 32-bit ARM hosts (a Raspberry Pi's `docker info`); no image declares them.
	armv7l: 'arm',
	armv6l: 'arm',
};

// Variants implied by a spelling that carries none (containerd's normalizeArch).
const impliedVariants: Record<string, string> = {
	armhf: 'v7',
	armel: 'v6',
	armv7l: 'v7',
	armv6l: 'v6',
};

const osAliases: Record<string, string> = {
	linux: 'linux',
	macos: 'darwin',
	darwin: 'darwin',
	windows: 'windows',
	win32: 'windows',
};

export function normalizeArchitecture(value: string): {architecture: string; variant?: string} {
	const lower = value.trim().toLowerCase();
	const implied = impliedVariants[lower];
	if (implied) return {architecture: 'arm', variant: implied};
	return {architecture: architectureAliases[lower] ?? lower};
}

export function normalizeOs(value: string): string {
	const lower = value.trim().toLowerCase();
	return osAliases[lower] ?? lower;
}

export function makePlatform(os: string, architecture: string, variant?: string): Platform {
	const normalized = normalizeArchitecture(architecture);
	const finalVariant = variant?.trim() ? variant.trim().toLowerCase() : normalized.variant;
	return finalVariant
		? {os: normalizeOs(os), architecture: normalized.architecture, variant: finalVariant}
		: {os: normalizeOs(os), architecture: normalized.architecture};
}

/**
 * Parses `linux/amd64`, `linux/arm64/v8`, `arm64` (os defaults to linux) or a bare
 * spelling such as `X86_64`. Returns undefined for anything that is not a platform.
 */
export function parsePlatform(text: string): Platform | undefined {
	const parts = text.trim().split('/');
	// Each component as containerd's specifier allows: letters, digits, `_`, `.` and `-`.
	if (parts.some(part => !/^[A-Za-z0-9_.-]+$/.test(part))) return undefined;
	if (parts.length === 1) return makePlatform('linux', parts[0]!);
	if (parts.length === 2) return makePlatform(parts[0]!, parts[1]!);
	if (parts.length === 3) return makePlatform(parts[0]!, parts[1]!, parts[2]!);
	return undefined;
}

export function formatPlatform(platform: Platform): string {
	return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The form containerd compares (its normalizeArch): arm64/v8 → arm64, arm → arm/v7, amd64/v1 → amd64, 386/x → 386. */
export function canonicalPlatform(platform: Platform): Platform {
	const {os, architecture} = platform;
	let variant = platform.variant;
	if (architecture === '386') variant = undefined;
	if (architecture === 'amd64' && variant === 'v1') variant = undefined;
	if (architecture === 'arm64') {
		if (variant === '8' || variant === 'v8' || variant === 'v8.0') variant = undefined;
		else if (variant === '9' || variant === '9.0' || variant === 'v9.0') variant = 'v9';
	}
	if (architecture === 'arm') {
		if (variant === undefined || variant === '7') variant = 'v7';
		else if (variant === '5' || variant === '6' || variant === '8') variant = `v${variant}`;
	}
	return variant ? {os, architecture, variant} : {os, architecture};
}

export function isSamePlatform(a: Platform, b: Platform): boolean {
	const left = canonicalPlatform(a);
	const right = canonicalPlatform(b);
	return left.os === right.os && left.architecture === right.architecture && left.variant === right.variant;
}

/**
 * Whether an image built for `image` runs on a host that needs `runtime`, ignoring
 * variants the runtime does not ask for (`linux/amd64` runs `linux/amd64/v2` images only
 * when the runtime asks for v2 or more; we only compare what both sides state).
 */
export function runsOn(image: Platform, runtime: Platform): boolean {
	const left = canonicalPlatform(image);
	const right = canonicalPlatform(runtime);
	if (left.os !== right.os || left.architecture !== right.architecture) return false;
	if (!right.variant || !left.variant) return true;
	return left.variant === right.variant;
}

/** True for the `unknown/unknown` platform BuildKit gives attestation manifests. */
export function isUnknownPlatform(platform: Platform): boolean {
	return platform.os === 'unknown' || platform.architecture === 'unknown';
}

export type EcsCpuArchitecture = 'X86_64' | 'ARM64';

export function platformFromEcsCpuArchitecture(value: string): Platform | undefined {
	const normalized = normalizeArchitecture(value);
	if (normalized.architecture === 'amd64' || normalized.architecture === 'arm64') {
		return makePlatform('linux', normalized.architecture);
	}
	return undefined;
}

/** The ECS `runtimePlatform.cpuArchitecture` value for a platform, when ECS has one. */
export function ecsCpuArchitectureFor(platform: Platform): EcsCpuArchitecture | undefined {
	if (platform.os !== 'linux') return undefined;
	if (platform.architecture === 'amd64') return 'X86_64';
	if (platform.architecture === 'arm64') return 'ARM64';
	return undefined;
}

export const linuxAmd64: Platform = {os: 'linux', architecture: 'amd64'};
export const linuxArm64: Platform = {os: 'linux', architecture: 'arm64'};
