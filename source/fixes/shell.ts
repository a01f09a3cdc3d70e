/** How the commands a person copies are written: POSIX shell words and the AWS CLI's global flags. */

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function dockerCommand(args: readonly string[]): string {
	return `docker ${args.map(shellQuote).join(' ')}`;
}

/** The region and profile every printed `aws` command names, so it acts on the account the scan read. */
export type AwsScope = {readonly region: string; readonly profile?: string};

export function awsFlags(scope: AwsScope): string {
	return `--region ${scope.region}${scope.profile ? ` --profile ${shellQuote(scope.profile)}` : ''}`;
}

/** The CLI way to point an App Runner service at an image, keeping the rest of its source configuration. */
export function appRunnerImageCommand(serviceArn: string, imageIdentifier: string, scope: AwsScope): string {
	const flags = awsFlags(scope);
	const program = `.ImageRepository.ImageIdentifier = ${JSON.stringify(imageIdentifier)}`;
	return `aws apprunner describe-service --service-arn ${serviceArn} --query Service.SourceConfiguration --output json ${flags} | jq ${shellQuote(program)} > source-configuration.json && aws apprunner update-service --service-arn ${serviceArn} --source-configuration file://source-configuration.json ${flags}`;
}
