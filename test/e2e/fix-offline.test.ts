/** `execdoctor fix --scenario NAME`: a fix tried offline against the built-in account, whose journal undo knows not to replay on AWS. */
import {describe, expect, it} from 'vitest';
import {cleanEnv, runCli} from '../helpers/cli.js';

describe('a fix against the built-in account', () => {
	it('applies and verifies with --scenario, without any AWS settings, and undo refuses its journal', async () => {
		const env = cleanEnv();
		const fixed = await runCli(
			['fix', '--scenario', 'seed-fargate', '--cluster', 'observability', '--service', 'grafana', '--strategy', 'patch-task-definition', '--yes', '--json'],
			{
				env,
				timeoutMs: 60_000,
			},
		);
		expect(fixed.code).toBe(0);
		const report = JSON.parse(fixed.stdout) as {outcome: string; journal: string};
		expect(report.outcome).toBe('verified');
		const undone = await runCli(['undo', report.journal, '--yes'], {env});
		expect(undone.code).toBe(2);
		expect(undone.stderr).toContain('records a fix to the built-in simulated account');
		expect(undone.stderr).toContain('nothing was changed');
	}, 90_000);
});
