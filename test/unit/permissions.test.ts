import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {freeActions, impliedActions, permissions, policyDocument} from '../../source/permissions/policy.js';
import {root} from '../helpers/cli.js';

const servicePrefix: Record<string, string> = {
	ecs: 'ecs',
	ecr: 'ecr',
	'cloudwatch-logs': 'logs',
	apprunner: 'apprunner',
	lambda: 'lambda',
	sts: 'sts',
	account: 'account',
	iam: 'iam',
};

/** Every action the AWS ports call: each `XxxCommand` and `paginateXxx` imported from an SDK client in source/aws/. */
function actionsThePortsCall(): Set<string> {
	const actions = new Set<string>();
	const directory = path.join(root, 'source/aws');
	for (const file of readdirSync(directory)) {
		const text = readFileSync(path.join(directory, file), 'utf8');
		for (const match of text.matchAll(/import\s*\{([^}]+)\}\s*from\s*'@aws-sdk\/client-([a-z-]+)'/g)) {
			const prefix = servicePrefix[match[2]!]!;
			for (const name of match[1]!.split(',').map(
				item =>
					item
						.trim()
						.replace(/^type\s+/, '')
						.split(/\s+as\s+/)[0]!,
			)) {
				const command = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
				if (command) actions.add(`${prefix}:${command}`);
			}
		}
	}
	return actions;
}

describe('the least-privilege policy', () => {
	it('holds exactly the actions the ports call, and the ones docker and PassRole need', () => {
		const called = [...actionsThePortsCall()].filter(action => !freeActions.includes(action)).sort();
		const listed = permissions
			.map(permission => permission.action)
			.filter(action => !impliedActions.includes(action))
			.sort();
		expect(listed).toEqual(called);
		// Nothing is listed twice.
		expect(new Set(permissions.map(permission => permission.action)).size).toBe(permissions.length);
	});

	it('gives the scan read actions only; with fixes, the writes and PassRole to the workloads’ services only', () => {
		const scan = JSON.stringify(policyDocument(false));
		expect(scan).not.toMatch(/Update|Put|Register|Delete|StartDeployment|PassRole/);
		const fixes = policyDocument(true) as {Statement: {Sid: string; Action: string | string[]; Condition?: unknown}[]};
		const passRole = fixes.Statement.find(statement => statement.Action === 'iam:PassRole')!;
		expect(passRole.Condition).toEqual({StringEquals: {'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'build.apprunner.amazonaws.com']}});
		expect(fixes.Statement.flatMap(statement => statement.Action)).toEqual(
			expect.arrayContaining(['ecs:UpdateService', 'ecr:PutImage', 'lambda:UpdateFunctionCode']),
		);
	});
});
