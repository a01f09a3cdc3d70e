/**
 * The Account Management API's ListRegions (REST JSON, `POST /listRegions`): which regions the
 * account has enabled, as `--all-regions` asks.
 */
import type {SimAccount} from '../account.js';
import {page} from '../pagination.js';
import {compact, type Handler} from './context.js';

/** The operation a REST path of the Account API names. */
export function accountRoute(method: string, url: string): {operation: string; input: Record<string, unknown>} | undefined {
	return method === 'POST' && new URL(url, 'http://localhost').pathname === '/listRegions' ? {operation: 'ListRegions', input: {}} : undefined;
}

export const accountHandlers: Record<string, Handler> = {
	ListRegions(account: SimAccount, input, context) {
		const wanted = Array.isArray(input.RegionOptStatusContains) ? (input.RegionOptStatusContains as string[]) : undefined;
		const regions = account.enabledRegions.map(name => ({RegionName: name, RegionOptStatus: 'ENABLED_BY_DEFAULT'}));
		const listed = wanted ? regions.filter(region => wanted.includes(region.RegionOptStatus)) : regions;
		const result = page(listed, {
			token: input.NextToken,
			maxResults: input.MaxResults,
			defaultMax: 20,
			limit: 50,
			pageSize: context.pageSize,
			scope: 'account:regions',
			tokenError: 'The specified NextToken is invalid.',
		});
		return compact({Regions: result.items, NextToken: result.nextToken});
	},
};

/** Kept for the server's import list: the response is the handler's. */
export const listRegionsResponse = accountHandlers.ListRegions;
