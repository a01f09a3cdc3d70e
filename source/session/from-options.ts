import type {Env} from '../io.js';
import type {Options} from '../options.js';
import {parseDuration} from '../since.js';
import {openSession, type Session} from './session.js';

/**
 * The account the command line names: `demo` uses the built-in one; `learn` too, unless
 * --region or --profile names the user's own; everything else reads AWS.
 */
export function sessionFromOptions(options: Options, env: Env): Session {
	// `fix --scenario NAME` tries a fix against the built-in account and its simulated Mac, offline.
	const builtIn =
		options.command === 'demo' ||
		(options.command === 'learn' && !options.region && !options.profile) ||
		(['fix', 'check', 'permissions', 'report', 'mcp'].includes(options.command) && options.scenario !== undefined);
	return openSession({
		...(options.region ? {region: options.region} : {}),
		...(options.profile ? {profile: options.profile} : {}),
		...(builtIn ? {builtIn: {scenario: options.scenario ?? 'demo'}} : {}),
		// `fix --timeout` bounds its verification, not its reads.
		...(options.timeout && options.command !== 'fix' ? {scanBudgetMs: parseDuration(options.timeout, '--timeout')} : {}),
		...(options.layerBytes === undefined ? {} : {layerBytes: options.layerBytes}),
		...(options.regions || options.profiles || options.allRegions || options.accounts || options.monitoringAccount
			? {
					spread: {
						...(options.regions ? {regions: options.regions} : {}),
						...(options.profiles ? {profiles: options.profiles} : {}),
						...(options.allRegions ? {allRegions: true} : {}),
						...(options.accounts && options.roleName ? {accounts: {ids: options.accounts, roleName: options.roleName}} : {}),
						...(options.monitoringAccount && options.roleName ? {monitoring: {roleName: options.roleName}} : {}),
					},
				}
			: {}),
		env,
	});
}
