const regionPattern = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

/** The form of an AWS region name (us-east-1, ap-northeast-1, us-gov-west-1); not a list, so new regions work. */
export function isValidRegionName(region: string): boolean {
	return regionPattern.test(region);
}
