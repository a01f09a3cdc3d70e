/**
 * `execdoctor fix` in a real pseudo-terminal: a terminal's Ctrl-C signals its whole foreground
 * process group, so a docker child in that group would die with the step it runs. The first
 * Ctrl-C must stop the fix after the current step, which finishes.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {scaledTiming} from '../../source/simulator/model.js';
import {buildScenario} from '../../source/simulator/scenarios.js';
import {simulatorEnv} from '../helpers/cli.js';
import {standInDocker} from '../helpers/fixing.js';
import {startTerminal} from '../helpers/pty.js';
import {simulate} from '../helpers/simulated-aws.js';

describe('execdoctor fix in a terminal', () => {
	it('lets the running docker step finish on the first Ctrl-C, then stops, with the change and its undo', async () => {
		const account = buildScenario('seed-fargate');
		account.timing = scaledTiming(500);
		const simulator = await simulate(account);
		const log = path.join(mkdtempSync(path.join(tmpdir(), 'execdoctor-docker-')), 'calls.jsonl');
		const env = simulatorEnv(simulator.url, {
			PATH: [standInDocker, path.dirname(process.execPath)].join(path.delimiter),
			FAKE_DOCKER_URL: simulator.url,
			FAKE_DOCKER_LOG: log,
			FAKE_DOCKER_DELAY: 'push=1500',
			EXECDOCTOR_POLL_MS: '20',
			NO_COLOR: '1',
		});
		const terminal = startTerminal(
			['fix', '--cluster', 'observability', '--service', 'grafana', '--strategy', 'repush', '--source', 'grafana/grafana:latest', '--yes'],
			{
				env,
				columns: 140,
				rows: 60,
			},
		);
		await terminal.waitFor('[6/7] Push');
		terminal.press('\u0003');
		await terminal.waitFor('stopping after this step');
		expect(await terminal.exit).toBe(1);
		const screen = await terminal.waitFor('- Stopped');
		expect(screen).toMatch(/✓ changes AWS 6\. Push 123456789012\.dkr\.ecr\.ap-northeast-1\.amazonaws\.com\/grafana\/grafana:latest/);
		expect(screen).toContain('- changes AWS 7. Start a new deployment');
		expect(screen).toContain('undo: aws ecr batch-get-image');
		expect(readFileSync(log, 'utf8')).toContain('"push"');
		expect(simulator.calls.some(call => call.action === 'ecs:UpdateService')).toBe(false);
	});
});
