/** The built-in account's scenarios: names and one line each, cheap to import (flags are checked against them). */
export type ScenarioName =
	| 'demo'
	| 'seed-fargate'
	| 'seed-apprunner'
	| 'healthy'
	| 'platform-missing'
	| 'missing-shebang'
	| 'graviton-ec2'
	| 'sidecar'
	| 'revision-drop'
	| 'lying-label'
	| 'lambda'
	| 'hostile'
	| 'log-flood'
	| 'large'
	| 'empty';

export const scenarioDescriptions: Record<ScenarioName, string> = {
	demo: 'every story below in one account (ap-northeast-1)',
	'seed-fargate': 'arm64-only Grafana from a Mac, run on ECS Fargate (x86_64)',
	'seed-apprunner': 'the same image on App Runner, which runs x86_64 only',
	healthy: 'a multi-platform index with attestations, healthy on x86_64 and Graviton',
	'platform-missing': 'an index holding only arm64: Fargate cannot pull it for linux/amd64',
	'missing-shebang': 'an amd64 image whose entrypoint script has no #! line',
	'graviton-ec2': 'an amd64-only image on an arm64 (Graviton) EC2 cluster',
	sidecar: 'a FireLens log router built on a Mac (arm64 only) stops checkout, whose own image is fine',
	'revision-drop': 'a CDK refactor registered a revision without runtimePlatform ARM64: the image did not change, the revision did',
	'lying-label': 'an image labelled linux/amd64 whose binary was cross-compiled for arm64: only its bytes tell',
	lambda: 'Lambda functions from images: one built on a Mac for an x86_64 function, one updated to an index Lambda rejects',
	hostile: 'names, log lines and manifests that carry terminal escape sequences: what execdoctor must show, never obey',
	'log-flood': 'a crash loop writing thousands of lines, and a nightly task that failed 20 hours ago and is gone',
	large: '20 clusters × 10 services and 400 log groups, two services failing',
	empty: 'an account with nothing in it',
};

export function isScenarioName(name: string): name is ScenarioName {
	return Object.hasOwn(scenarioDescriptions, name);
}

export function scenarioNames(): string {
	return Object.keys(scenarioDescriptions).join(', ');
}
