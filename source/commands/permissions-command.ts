import {describeFatalError, isAwsError} from '../errors.js';
import type {Io} from '../io.js';
import type {Options} from '../options.js';
import {writeLine} from '../output/terminal.js';
import {actionsFor, permissions, policyDocument, type PermissionCheck} from '../permissions/policy.js';
import {sessionFromOptions} from '../session/from-options.js';

const withoutOf = new Map(permissions.map(permission => [permission.action, permission.without]));

function checkLines(check: PermissionCheck): string[] {
	const missing = check.actions.filter(action => action.allowed === false);
	const unchecked = check.actions.filter(action => action.allowed === 'not-checked');
	const allowed = check.actions.filter(action => action.allowed === true).length;
	return [
		`execdoctor: checked ${check.principal} (${check.method === 'simulate' ? 'iam:SimulatePrincipalPolicy' : 'probes that change nothing'}): ${allowed} of ${check.actions.length} actions allowed${missing.length > 0 ? `, ${missing.length} missing` : ''}${unchecked.length > 0 ? `, ${unchecked.length} not checked` : ''}.`,
		...(check.note ? [`execdoctor: ${check.note}.`] : []),
		...missing.map(action => `execdoctor: missing ${action.action}: ${withoutOf.get(action.action) ?? ''}.`),
		...unchecked.map(
			action =>
				`execdoctor: not checked ${action.action} (${action.detail ?? 'no harmless call tests it'}): without it, ${withoutOf.get(action.action) ?? ''}.`,
		),
	];
}

/**
 * The least-privilege policy on stdout (redirect it to a file), and, with credentials, which of
 * its actions the identity lacks on stderr, each with what it turns off. Exit 1 when one is missing.
 */
export async function runPermissionsCommand(options: Options, io: Io): Promise<number> {
	const withFixes = options.fixPermissions === true;
	const policy = policyDocument(withFixes);
	const session = sessionFromOptions(options, io.env);
	let check: PermissionCheck | undefined;
	let uncheckedReason: string | undefined;
	try {
		const connection = await session.connect();
		check = await connection.checkPermissions(actionsFor(withFixes).map(permission => permission.action));
	} catch (error) {
		if (!isAwsError(error) || (error.kind !== 'credentials' && error.kind !== 'endpoint' && error.kind !== 'region')) throw error;
		uncheckedReason = describeFatalError(error);
	} finally {
		await session.close();
	}
	if (options.json) {
		io.stdout.write(
			`${JSON.stringify({schemaVersion: 1, command: 'permissions', fixes: withFixes, policy, ...(check ? {check} : {uncheckedReason})}, null, 2)}\n`,
		);
	} else {
		io.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
		for (const line of check ? checkLines(check) : [`execdoctor: the identity was not checked: ${uncheckedReason ?? ''}`]) writeLine(io.stderr, line);
	}
	return check?.actions.some(action => action.allowed === false) ? 1 : 0;
}
