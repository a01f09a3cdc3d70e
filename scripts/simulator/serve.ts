// Serves a scenario account on loopback until Ctrl-C, for trying execdoctor (scan, fix) by hand:
// `npm run simulator -- seed-fargate`, then paste the printed lines into another shell.
import path from 'node:path';
import {startDemoAccount} from '../../source/simulator/demo.js';
import {buildScenario, isScenarioName, scenarioDescriptions} from '../../source/simulator/scenarios.js';

/**
 * `org`: a CloudWatch monitoring account (123456789012, nothing of its own) linked to three
 * source accounts that trust its role `execdoctor-read`: 210987654321 runs the seed on Fargate,
 * 345678901234 on App Runner, 456789012345 is healthy. Try `execdoctor scan --monitoring-account
 * --role-name execdoctor-read`, or `--accounts 210987654321,456789012345 --role-name execdoctor-read`.
 */
function organization() {
	const sources = [
		buildScenario('seed-fargate', {accountId: '210987654321'}),
		buildScenario('seed-apprunner', {accountId: '345678901234'}),
		buildScenario('healthy', {accountId: '456789012345'}),
	];
	for (const source of sources) source.assumableRoles.add('execdoctor-read');
	return sources;
}

const scenario = process.argv[2] ?? 'demo';
if (!isScenarioName(scenario) && scenario !== 'org') {
	process.stderr.write(`Unknown scenario "${scenario}". Scenarios: ${Object.keys(scenarioDescriptions).join(', ')}, org.\n`);
	process.exit(2);
}
const others = scenario === 'org' ? organization() : undefined;
const demo = await startDemoAccount(scenario === 'org' ? 'empty' : scenario, others ? {others} : {});
if (others) demo.simulator.account.linkedSources = others;
const standInDocker = path.resolve('test/fixtures/bin');
const lines = [
	...Object.entries(demo.env).map(([key, value]) => `export ${key}=${value}`),
	'unset AWS_PROFILE AWS_SESSION_TOKEN',
	`# docker: the simulated Apple Silicon Mac (test/fixtures/bin/docker relays to it)`,
	`export FAKE_DOCKER_URL=${demo.simulator.url} PATH=${standInDocker}:$PATH`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const described = scenario === 'org' ? 'a monitoring account linked to three source accounts' : scenarioDescriptions[scenario];
process.stderr.write(`Simulated account for scenario "${scenario}" (${described}) on ${demo.simulator.url}; Ctrl-C stops it.\n`);
process.on('SIGINT', () => {
	void demo.simulator.close().then(() => process.exit(0));
});
