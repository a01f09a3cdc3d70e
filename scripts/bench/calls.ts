/**
 * `node scripts/tool.mjs scripts/bench/calls.ts [scenario…]`: the calls one scan makes per API,
 * through the built binary and the simulator at AWS's page sizes, without timing anything.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {buildScenario, type ScenarioName} from '../../source/simulator/scenarios.js';
import {startSimulator} from '../../source/simulator/server.js';

for (const scenario of (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['seed-fargate', 'large']) as ScenarioName[]) {
	const simulator = await startSimulator({account: buildScenario(scenario), pageSize: 100});
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		AWS_ENDPOINT_URL: simulator.url,
		AWS_REGION: simulator.account.region,
		AWS_ACCESS_KEY_ID: 'AKIABENCHBENCHBENCH1',
		AWS_SECRET_ACCESS_KEY: 'bench',
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_CONFIG_FILE: '/nonexistent',
	};
	// Asynchronously: the simulator answers from this very process.
	const result = await new Promise<number | null>(resolve => {
		const child = spawn(process.execPath, [path.resolve('dist/cli.js'), 'scan', '--json'], {env, stdio: ['ignore', 'ignore', 'inherit']});
		child.on('close', resolve);
	});
	const order = simulator.calls.map(call => call.action);
	const counts = simulator.countCalls();
	process.stdout.write(`${scenario}: exit ${result}, ${order.length} calls\n`);
	for (const [action, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(count).padStart(4)}  ${action}\n`);
	process.stdout.write(`  order: ${order.slice(0, 30).join(' → ')}\n`);
	await simulator.close();
}
