export const mediaTypes = {
	dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
	dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
	dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
	dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
	dockerConfig: 'application/vnd.docker.container.image.v1+json',
	ociManifest: 'application/vnd.oci.image.manifest.v1+json',
	ociIndex: 'application/vnd.oci.image.index.v1+json',
	ociConfig: 'application/vnd.oci.image.config.v1+json',
	ociEmpty: 'application/vnd.oci.empty.v1+json',
	inToto: 'application/vnd.in-toto+json',
	/** An uncompressed layer, as `docker save` wrote them before Docker 25. */
	dockerLayerTar: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

/** Every manifest type execdoctor can read; ECR only converts when the stored type is missing from this list. */
export const acceptedManifestMediaTypes: readonly string[] = [
	mediaTypes.ociIndex,
	mediaTypes.ociManifest,
	mediaTypes.dockerManifest,
	mediaTypes.dockerManifestList,
	mediaTypes.dockerSchema1,
];

export function isIndexMediaType(mediaType: string | undefined): boolean {
	return mediaType === mediaTypes.ociIndex || mediaType === mediaTypes.dockerManifestList;
}

export function isImageManifestMediaType(mediaType: string | undefined): boolean {
	return mediaType === mediaTypes.ociManifest || mediaType === mediaTypes.dockerManifest;
}

export function isSchema1MediaType(mediaType: string | undefined): boolean {
	return mediaType === mediaTypes.dockerSchema1 || mediaType === mediaTypes.dockerSchema1Signed;
}
