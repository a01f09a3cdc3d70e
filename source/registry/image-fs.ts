/**
 * An image's filesystem as its layers make it, read top-down: each layer's entries, whiteouts
 * (`.wh.<name>` deletes `<name>` from the layers below) and opaque directories (`.wh..wh..opq`
 * hides everything below in that directory), and the files found by following symlinks, as
 * overlayfs merges them when the container starts.
 */

export type LayerEntry =
	| {readonly type: 'file'; readonly size: number; readonly mode: number; readonly head?: Uint8Array}
	| {readonly type: 'directory'}
	| {readonly type: 'symlink'; readonly target: string}
	/** A hard link names another path of the same layer. */
	| {readonly type: 'hardlink'; readonly target: string}
	| {readonly type: 'other'};

export type LayerIndex = {
	readonly digest: string;
	readonly entries: Map<string, LayerEntry>;
	/** Directories implied by deeper entries that have no entry of their own. */
	readonly impliedDirectories: Set<string>;
	readonly whiteouts: Set<string>;
	readonly opaque: Set<string>;
	/** Every entry has been read (a layer cut short by the byte budget is not). */
	complete: boolean;
};

export function emptyLayer(digest: string): LayerIndex {
	return {digest, entries: new Map(), impliedDirectories: new Set(), whiteouts: new Set(), opaque: new Set(), complete: false};
}

/** `./usr/bin/` → `usr/bin`: paths without a leading `/` or `./`, without a trailing `/`. */
export function normalizePath(path: string): string {
	const parts: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return parts.join('/');
}

const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** Adds one tar entry to the layer's index. */
export function addEntry(layer: LayerIndex, rawPath: string, entry: LayerEntry): void {
	const path = normalizePath(rawPath);
	if (!path) return;
	const name = path.slice(path.lastIndexOf('/') + 1);
	const directory = parentOf(path);
	if (name === '.wh..wh..opq') layer.opaque.add(directory);
	else if (name.startsWith('.wh.')) layer.whiteouts.add(directory ? `${directory}/${name.slice(4)}` : name.slice(4));
	else layer.entries.set(path, entry);
	for (let parent = directory; parent; parent = parentOf(parent)) {
		if (!layer.entries.has(parent)) layer.impliedDirectories.add(parent);
	}
}

export type Resolution =
	| {readonly found: {readonly path: string; readonly layer: string; readonly entry: Extract<LayerEntry, {type: 'file'}>}; readonly via: readonly string[]}
	| {readonly missing: string; readonly via: readonly string[]}
	/** A lower layer not read yet may hold it. */
	| {readonly pending: true};

type Lookup =
	| {readonly kind: 'entry'; readonly entry: LayerEntry; readonly layer: string}
	| {readonly kind: 'deleted'}
	| {readonly kind: 'absent'}
	| {readonly kind: 'pending'};

/** One path in the merged view of `layers` (top layer first), without following it. */
function lookup(layers: readonly LayerIndex[], path: string): Lookup {
	for (const layer of layers) {
		const entry = layer.entries.get(path);
		if (entry) return {kind: 'entry', entry, layer: layer.digest};
		if (layer.impliedDirectories.has(path)) return {kind: 'entry', entry: {type: 'directory'}, layer: layer.digest};
		if (layer.whiteouts.has(path)) return {kind: 'deleted'};
		// An opaque directory hides what lower layers hold under it.
		for (let parent = parentOf(path); ; parent = parentOf(parent)) {
			if (layer.opaque.has(parent) && parent !== path) return layer.complete ? {kind: 'absent'} : {kind: 'pending'};
			if (!parent) break;
		}
		if (!layer.complete) return {kind: 'pending'};
	}
	return {kind: 'absent'};
}

const maxHops = 40;

/**
 * Follows `path` through the merged view, symlinks included (absolute ones from the image's root,
 * relative ones from their directory), to the regular file the kernel would open.
 */
export function resolvePath(layers: readonly LayerIndex[], path: string): Resolution {
	const via: string[] = [];
	let remaining = normalizePath(path).split('/').filter(Boolean);
	let current = '';
	for (let hops = 0; remaining.length > 0;) {
		const [component, ...rest] = remaining;
		const candidate = current ? `${current}/${component}` : component!;
		const found = lookup(layers, candidate);
		if (found.kind === 'pending') return {pending: true};
		if (found.kind === 'deleted') return {missing: `/${candidate} was deleted by a layer above it`, via};
		if (found.kind === 'absent') return {missing: `/${candidate} is not in the image`, via};
		const {entry} = found;
		if (entry.type === 'symlink' || entry.type === 'hardlink') {
			if (++hops > maxHops) return {missing: `/${candidate}: too many levels of symbolic links`, via};
			via.push(`/${candidate} → ${entry.target}`);
			const base = entry.type === 'hardlink' || entry.target.startsWith('/') ? '' : current;
			remaining = [
				...normalizePath(base ? `${base}/${entry.target}` : entry.target)
					.split('/')
					.filter(Boolean),
				...rest,
			];
			current = '';
			continue;
		}
		if (rest.length === 0) {
			if (entry.type !== 'file') return {missing: `/${candidate} is a ${entry.type}, not a file`, via};
			return {found: {path: `/${candidate}`, layer: found.layer, entry}, via};
		}
		if (entry.type !== 'directory') return {missing: `/${candidate} is not a directory`, via};
		current = candidate;
		remaining = rest;
	}
	return {missing: `${path} names no file`, via};
}

/** The default search path of a container whose image sets none (Docker's and containerd's). */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The paths the runtime tries for argv[0]: itself when it holds a `/` (relative to the working
 * directory), else each directory of PATH in order.
 */
export function candidatePaths(program: string, options: {readonly path?: string; readonly workingDir?: string} = {}): string[] {
	if (program.includes('/')) return [program.startsWith('/') ? program : `${options.workingDir ?? '/'}/${program}`];
	return (options.path ?? defaultPath)
		.split(':')
		.filter(Boolean)
		.map(directory => `${directory}/${program}`);
}
