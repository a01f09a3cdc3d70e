// Serves a scenario account on loopback until Ctrl-C, for trying execdoctor (scan, fix) by hand:
// `npm run simulator -- seed-fargate`, then paste the printed lines into another shell.
import path from 'node:path';
import {startDemoAccount} from '../../source/simulator/demo.js';
import {isScenarioName, scenarioDescriptions} from '../../source/simulator/scenarios.js';

const scenario = process.argv[2] ?? 'demo';
if (!isScenarioName(scenario)) {
	process.stderr.write(`Unknown scenario "${scenario}". Scenarios: ${Object.keys(scenarioDescriptions).join(', ')}.\n`);
	process.exit(2);
}
const demo = await startDemoAccount(scenario);
const standInDocker = path.resolve('test/fixtures/bin');
const lines = [
	...Object.entries(demo.env).map(([key, value]) => `export ${key}=${value}`),
	'unset AWS_PROFILE AWS_SESSION_TOKEN',
	`# docker: the simulated Apple Silicon Mac (test/fixtures/bin/docker relays to it)`,
	`export FAKE_DOCKER_URL=${demo.simulator.url} PATH=${standInDocker}:$PATH`,
];
process.stdout.write(`${lines.join('\n')}\n`);
process.stderr.write(`Simulated account for scenario "${scenario}" (${scenarioDescriptions[scenario]}) on ${demo.simulator.url}; Ctrl-C stops it.\n`);
process.on('SIGINT', () => {
	void demo.simulator.close().then(() => process.exit(0));
});
