import {describe, expect, it} from 'vitest';
import {formatReference, parseImageReference, repositoryUri} from '../../source/registry/image-reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
	it('reads an ECR reference with a tag', () => {
		expect(parseImageReference('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest')).toEqual({
			raw: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest',
			registry: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com',
			repository: 'grafana/grafana',
			tag: 'latest',
			ecr: {registryId: '123456789012', region: 'ap-northeast-1'},
		});
	});

	it('reads an ECR reference pinned by digest, with or without a tag', () => {
		const byDigest = parseImageReference(`123456789012.dkr.ecr.us-east-1.amazonaws.com/app@${digest}`);
		expect(byDigest).toMatchObject({repository: 'app', digest});
		expect(byDigest?.tag).toBeUndefined();
		expect(parseImageReference(`123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1@${digest}`)).toMatchObject({tag: 'v1', digest});
	});

	it('reads Docker Hub short forms', () => {
		expect(parseImageReference('grafana/grafana:latest')).toMatchObject({registry: 'docker.io', repository: 'grafana/grafana', tag: 'latest'});
		expect(parseImageReference('nginx')).toMatchObject({registry: 'docker.io', repository: 'library/nginx'});
		expect(parseImageReference('nginx')?.ecr).toBeUndefined();
	});

	it('keeps a registry port apart from the tag', () => {
		expect(parseImageReference('localhost:5000/demo/app:multi')).toMatchObject({registry: 'localhost:5000', repository: 'demo/app', tag: 'multi'});
		expect(parseImageReference('localhost:5000/demo/app')?.tag).toBeUndefined();
	});

	it.each(['', 'UPPER/case', 'app:bad tag', 'app@sha256', 'app:-bad', 'a//b'])('rejects %j', raw => {
		expect(parseImageReference(raw)).toBeUndefined();
	});
});

describe('formatting', () => {
	it('prints Docker Hub images the way users type them', () => {
		expect(formatReference(parseImageReference('nginx:1.27')!)).toBe('nginx:1.27');
		expect(formatReference(parseImageReference('grafana/grafana')!)).toBe('grafana/grafana');
	});

	it('prints the repository URI without tag or digest', () => {
		expect(repositoryUri(parseImageReference(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v2@${digest}`)!)).toBe(
			'123456789012.dkr.ecr.eu-west-1.amazonaws.com/app',
		);
	});
});
