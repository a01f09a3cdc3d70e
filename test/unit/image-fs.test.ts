import {describe, expect, it} from 'vitest';
import {addEntry, candidatePaths, emptyLayer, resolvePath, type LayerEntry, type LayerIndex} from '../../source/registry/image-fs.js';

const file = (text = 'x'): LayerEntry => ({type: 'file', size: text.length, mode: 0o755, head: new TextEncoder().encode(text)});
const link = (target: string): LayerEntry => ({type: 'symlink', target});

function layer(digest: string, entries: [string, LayerEntry][], complete = true): LayerIndex {
	const index = emptyLayer(digest);
	for (const [path, entry] of entries) addEntry(index, path, entry);
	index.complete = complete;
	return index;
}

const foundIn = (resolution: ReturnType<typeof resolvePath>) => ('found' in resolution ? [resolution.found.path, resolution.found.layer] : resolution);

describe('the merged view of the layers, top layer first', () => {
	const base = layer('base', [
		['./usr/', {type: 'directory'}],
		['./usr/bin/busybox', file('\u007fELF')],
		['./bin', link('usr/bin')],
		['./usr/bin/sh', link('busybox')],
		['./app/old.sh', file('#!/bin/sh')],
		['./etc/config/a', file()],
	]);

	it('follows a symlinked /bin and a relative link to the file the kernel opens', () => {
		const resolution = resolvePath([base], '/bin/sh');
		expect(foundIn(resolution)).toEqual(['/usr/bin/busybox', 'base']);
		expect('via' in resolution && resolution.via).toEqual(['/bin → usr/bin', '/usr/bin/sh → busybox']);
	});

	it('takes the upper layer’s file over the lower one’s', () => {
		const top = layer('top', [['usr/bin/busybox', file('#!/bin/false')]]);
		expect(foundIn(resolvePath([top, base], '/bin/busybox'))).toEqual(['/usr/bin/busybox', 'top']);
	});

	it('honours whiteouts and opaque directories', () => {
		const top = layer('top', [
			['app/.wh.old.sh', file('')],
			['etc/config/.wh..wh..opq', file('')],
		]);
		expect(resolvePath([top, base], '/app/old.sh')).toEqual({missing: '/app/old.sh was deleted by a layer above it', via: []});
		expect(resolvePath([top, base], '/etc/config/a')).toEqual({missing: '/etc/config/a is not in the image', via: []});
	});

	it('waits for lower layers while a path is not settled, and says when it is nowhere', () => {
		const top = layer('top', [['srv/app', file()]], false);
		expect(resolvePath([top], '/usr/bin/busybox')).toEqual({pending: true});
		expect(foundIn(resolvePath([top], '/srv/app'))).toEqual(['/srv/app', 'top']);
		expect(resolvePath([base], '/usr/local/bin/app')).toEqual({missing: '/usr/local is not in the image', via: []});
	});

	it('stops at a symlink loop and at a directory where a file should be', () => {
		const loop = layer('loop', [
			['a', link('b')],
			['b', link('a')],
			['dir/sub', file()],
		]);
		expect(resolvePath([loop], '/a')).toMatchObject({missing: '/a: too many levels of symbolic links'});
		expect(resolvePath([loop], '/dir')).toEqual({missing: '/dir is a directory, not a file', via: []});
	});
});

describe('candidatePaths', () => {
	it('searches PATH for a bare name, and the working directory for a relative one', () => {
		expect(candidatePaths('python3', {path: '/opt/venv/bin:/usr/bin'})).toEqual(['/opt/venv/bin/python3', '/usr/bin/python3']);
		expect(candidatePaths('./start.sh', {workingDir: '/srv'})).toEqual(['/srv/./start.sh']);
		expect(candidatePaths('/run.sh')).toEqual(['/run.sh']);
		expect(candidatePaths('sh')).toHaveLength(6);
	});
});
