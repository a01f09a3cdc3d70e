import {isDigest} from './manifest.js';

export type ImageReference = {
	readonly raw: string;
	/** Registry host, `docker.io` for Docker Hub. */
	readonly registry: string;
	readonly repository: string;
	readonly tag?: string;
	readonly digest?: string;
	/** Set when the registry is a private Amazon ECR registry. */
	readonly ecr?: {readonly registryId: string; readonly region: string};
};

const ecrHost = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;

function looksLikeHost(part: string): boolean {
	return part.includes('.') || part.includes(':') || part === 'localhost';
}

/** Parses `[host/]repo[:tag][@digest]` as Docker does; undefined when it is not a reference. */
export function parseImageReference(raw: string): ImageReference | undefined {
	const text = raw.trim();
	if (!text || /\s/.test(text)) return undefined;

	let rest = text;
	let digest: string | undefined;
	const at = rest.indexOf('@');
	if (at !== -1) {
		digest = rest.slice(at + 1);
		rest = rest.slice(0, at);
		if (!isDigest(digest)) return undefined;
	}

	let tag: string | undefined;
	const lastSlash = rest.lastIndexOf('/');
	const lastColon = rest.lastIndexOf(':');
	if (lastColon > lastSlash) {
		tag = rest.slice(lastColon + 1);
		rest = rest.slice(0, lastColon);
		if (!tagPattern.test(tag)) return undefined;
	}

	const parts = rest.split('/');
	let registry = 'docker.io';
	if (parts.length > 1 && looksLikeHost(parts[0]!)) registry = parts.shift()!;
	if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
	if (parts.length === 0 || !parts.every(part => componentPattern.test(part))) return undefined;

	const match = ecrHost.exec(registry);
	return {
		raw: text,
		registry,
		repository: parts.join('/'),
		...(tag ? {tag} : {}),
		...(digest ? {digest} : {}),
		...(match ? {ecr: {registryId: match[1]!, region: match[2]!}} : {}),
	};
}

/** `registry/repository` without tag or digest. */
export function repositoryUri(reference: ImageReference): string {
	return `${reference.registry}/${reference.repository}`;
}

/** Docker's short form for Docker Hub images (`grafana/grafana:latest`), the full form otherwise. */
export function formatReference(reference: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>): string {
	let name = `${reference.registry}/${reference.repository}`;
	if (reference.registry === 'docker.io') {
		name = reference.repository.startsWith('library/') ? reference.repository.slice('library/'.length) : reference.repository;
	}
	if (reference.tag) name += `:${reference.tag}`;
	if (reference.digest) name += `@${reference.digest}`;
	return name;
}
