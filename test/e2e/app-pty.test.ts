import {afterEach, describe, expect, it} from 'vitest';
import {simulatorEnv} from '../helpers/cli.js';
import {startTerminal, type TerminalSession} from '../helpers/pty.js';
import {simulate} from '../helpers/simulated-aws.js';

const sessions: TerminalSession[] = [];
afterEach(() => {
	for (const session of sessions.splice(0)) session.kill();
});

describe('the app in a real terminal', () => {
	it('starts, shows the finding, opens it with Host/Image/Service, and quits', async () => {
		const simulator = await simulate('seed-fargate');
		const session = startTerminal([], {env: simulatorEnv(simulator.url)});
		sessions.push(session);
		await session.waitFor(/execdoctor · .* · account/);
		await session.waitFor(/1 finding\b/);
		await session.waitFor(/› ✗ ECS service\s+observability\/grafana\s+arch mismatch\s+failing/);
		session.press('\r');
		const detail = await session.waitFor('Host (this machine)');
		expect(detail).toMatch(/Image \(in ECR\)\s+Service needs/);
		expect(detail).toContain('✗ lacks linux/amd64');
		session.press('q');
		expect(await session.exit).toBe(1);
	});

	it('quits mid-scan at once, with the interrupted exit code and no stack', async () => {
		const simulator = await simulate('demo', {faults: {latencyMs: 300}});
		const session = startTerminal([], {env: simulatorEnv(simulator.url)});
		sessions.push(session);
		await session.waitFor('Looking for exec format error');
		session.press('q');
		expect(await session.exit).toBe(130);
		expect(session.screen()).not.toMatch(/Error|at .*\.js:\d+/);
	});

	it('runs the demo in the terminal and exits 0 after it ran', async () => {
		const session = startTerminal(['demo'], {env: simulatorEnv('http://127.0.0.1:9')});
		sessions.push(session);
		await session.waitFor('built-in simulated account');
		await session.waitFor(/11 findings\b/);
		session.press('q');
		expect(await session.exit).toBe(0);
	});

	it("applies a fix in the demo, on the simulated Mac's docker, shows it verified, and a rescan finds it recovered", async () => {
		const session = startTerminal(['demo', '--scenario', 'seed-fargate'], {env: simulatorEnv('http://127.0.0.1:9')});
		sessions.push(session);
		await session.waitFor(/1 finding\b/);
		session.press('\r');
		await session.waitFor('Host (this machine)');
		session.press('\r');
		await session.waitFor('Press y to apply these steps');
		session.press('y');
		const done = await session.waitFor('✓ Verified', 30_000);
		expect(done).toContain('grafana runs on linux/amd64');
		session.press('\u001B');
		await session.waitFor('Host (this machine)');
		session.press('\u001B');
		await session.waitFor(/› ✓ ECS service\s+observability\/grafana\s+arch mismatch\s+fixed ✓/);
		// The rescan reads the same simulated account the fix changed.
		session.press('r');
		await session.waitFor(/› ✓ ECS service\s+observability\/grafana\s+arch mismatch\s+recovered/, 15_000);
		await session.waitFor(/1 finding\b/);
		session.press('q');
		expect(await session.exit).toBe(0);
	}, 60_000);
});
