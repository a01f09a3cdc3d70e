import {describe, expect, it} from 'vitest';
import {permissions} from '../../source/permissions/policy.js';
import {cleanEnv, runCli, simulatorEnv} from '../helpers/cli.js';
import {simulate} from '../helpers/simulated-aws.js';

const scanActions = permissions.filter(permission => permission.scope !== 'fix').length;

describe('execdoctor permissions', () => {
	it('prints the policy on stdout, and checks the identity with iam:SimulatePrincipalPolicy', async () => {
		const simulator = await simulate('seed-fargate');
		const result = await runCli(['permissions'], {env: simulatorEnv(simulator.url)});
		expect(result.code).toBe(0);
		const policy = JSON.parse(result.stdout) as {Statement: {Action: string[]}[]};
		expect(policy.Statement[0]!.Action).toContain('ecs:DescribeServices');
		expect(result.stdout).not.toContain('ecs:UpdateService');
		expect(result.stderr).toContain(
			`execdoctor: checked arn:aws:iam::123456789012:user/on-call (iam:SimulatePrincipalPolicy): ${scanActions} of ${scanActions} actions allowed.`,
		);
		const simulated = simulator.calls.find(call => call.action === 'iam:SimulatePrincipalPolicy');
		expect(simulated?.status).toBe(200);
	});

	it('names each missing action and what it turns off, and exits 1', async () => {
		const simulator = await simulate('seed-fargate', {faults: {deny: ['logs:StartQuery', 'ecs:UpdateService']}});
		const result = await runCli(['permissions', '--fix'], {env: simulatorEnv(simulator.url)});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('ecs:UpdateService');
		expect(result.stderr).toContain(
			'execdoctor: missing logs:StartQuery: Logs Insights cannot be used: each log group is searched with FilterLogEvents, slower.',
		);
		expect(result.stderr).toContain('execdoctor: missing ecs:UpdateService: no ECS fix can deploy.');
	});

	it('probes each action with a call that changes nothing where SimulatePrincipalPolicy is denied', async () => {
		const simulator = await simulate('seed-fargate', {faults: {deny: ['iam:SimulatePrincipalPolicy', 'ecr:BatchGetImage']}});
		const result = await runCli(['permissions', '--fix', '--json'], {env: simulatorEnv(simulator.url)});
		expect(result.code).toBe(1);
		const document = JSON.parse(result.stdout) as {check: {method: string; note: string; actions: {action: string; allowed: boolean | string}[]}};
		expect(document.check.method).toBe('probes');
		expect(document.check.note).toContain('iam:SimulatePrincipalPolicy was not possible (AccessDenied)');
		const allowed = Object.fromEntries(document.check.actions.map(action => [action.action, action.allowed]));
		expect(allowed['ecr:BatchGetImage']).toBe(false);
		expect(allowed['ecs:DescribeServices']).toBe(true);
		// No probe can test RegisterTaskDefinition without registering one: it is said, not guessed.
		expect(allowed['ecs:RegisterTaskDefinition']).toBe('not-checked');
		// The probes changed nothing.
		expect(
			simulator.calls.filter(call => call.status === 200 && /Register|UpdateService|PutImage|StartDeployment|UpdateFunctionCode|Delete/.test(call.action)),
		).toEqual([]);
	});

	it('prints the policy and says the identity was not checked when there are no credentials', async () => {
		const result = await runCli(['permissions'], {env: cleanEnv({AWS_REGION: 'eu-west-1'})});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toHaveProperty('Version', '2012-10-17');
		expect(result.stderr).toMatch(/^execdoctor: the identity was not checked: /);
	});
});
