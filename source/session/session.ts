/**
 * The one place a run gets its account: AWS through the SDK's standard chain, or the built-in
 * simulated account with its simulated Apple Silicon Mac. Opening is free; `connect()` loads
 * the SDK (and the simulator) on first use, so the app paints before either is compiled.
 */
import {defaultLayerBudgetBytes} from '../reading/layer-budget.js';
import {systemClock, type Clock} from '../clock.js';
import {rmSync} from 'node:fs';
import type {HostReport, Workload} from '../diagnosis/types.js';
import {createFileJournal, journalName} from '../journal/file-journal.js';
import {acquireLock, type Lock} from '../journal/lock.js';
import {journalDirectory, lockDirectory} from '../journal/paths.js';
import type {Journal} from '../ports/journal.js';
import type {FixPorts} from '../fixes/fix.js';
import type {Env} from '../io.js';
import type {AccountPort} from '../ports/account.js';
import type {PermissionCheck} from '../permissions/policy.js';
import type {ScenarioName} from '../simulator/scenario-names.js';

export type SessionOptions = {
	readonly region?: string;
	readonly profile?: string;
	/** The built-in simulated account instead of AWS. */
	readonly builtIn?: {readonly scenario: ScenarioName};
	readonly env?: Env;
	readonly clock?: Clock;
	/** How a fix's verification waits, instead of the defaults for the account. */
	readonly fixTiming?: FixTiming;
	/** A scan's whole budget; every call's attempts are bounded by a share of it. */
	readonly scanBudgetMs?: number;
	/** Compressed layer bytes a scan may read for the bytes of a failing file; false reads none. */
	readonly layerBytes?: number | false;
	/** A scan of several regions or accounts at once (scan and the app). */
	readonly spread?: Spread;
};

/** Where else a scan looks: more regions, more profiles, every enabled region, roles in other accounts. */
export type Spread = {
	readonly regions?: readonly string[];
	readonly profiles?: readonly string[];
	readonly allRegions?: boolean;
	readonly accounts?: {readonly ids: readonly string[]; readonly roleName: string};
	/** The credentials are a monitoring account's: its one Insights query finds the linked accounts with hits. */
	readonly monitoring?: {readonly roleName: string};
};

/** One region of one account, as a scan of several sees it. */
export type ScanTarget = {readonly region?: string; readonly profile?: string; readonly assume?: {readonly accountId: string; readonly roleName: string}};

export type Connection = {
	readonly account: AccountPort;
	/** The same identity (or a role it assumes) in another region or profile: one port per target, made once. */
	accountIn(target: ScanTarget): Promise<AccountPort>;
	/** The regions enabled for the account of `profile`. */
	enabledRegions(profile?: string): Promise<string[]>;
	/** What a fix uses: the same account, its mutating calls, and docker (the simulated Mac's in the built-in account). */
	readonly fix: FixPorts;
	probeHost(): Promise<HostReport>;
	/** Which of `actions` the identity may call (execdoctor permissions). */
	checkPermissions(actions: readonly string[]): Promise<PermissionCheck>;
};

export type FixTiming = {
	/** How long verification may wait for the deployment. */
	readonly timeoutMs: number;
	/** How often verification looks. */
	readonly pollMs: number;
};

/** Where a session's fixes write their journals, and the lock that keeps two fixes off one workload. */
export type Journals = {
	readonly directory: string;
	create(workload: Workload, at: Date): Journal;
	lock(workload: string, journal: string): Lock;
	/** A journal that was never written to (the lock was refused). */
	discard(journal: Journal): void;
};

export function journalsIn(env: Env): Journals {
	const directory = journalDirectory(env);
	return {
		directory,
		create: (workload, at) => createFileJournal(directory, journalName(workload, at)),
		lock: (workload, journal) => acquireLock(lockDirectory(env), workload, journal),
		discard: journal => rmSync(journal.path, {force: true}),
	};
}

export type Session = {
	/** "the built-in simulated account", or "your account, profile prod, eu-west-1". */
	readonly label: string;
	readonly builtIn: boolean;
	readonly scenario?: ScenarioName;
	readonly profile?: string;
	readonly fixTiming: FixTiming;
	readonly scanBudgetMs: number;
	readonly layerBytes: number | false;
	readonly spread?: Spread;
	readonly clock: Clock;
	readonly journals: Journals;
	connect(): Promise<Connection>;
	close(): Promise<void>;
};

export type Opened = {readonly connection: Connection; close(): Promise<void>};

export const defaultScanBudgetMs = 3 * 60_000;

/**
 * How long one attempt of a call may take: a sixth of the scan's budget, between 0.25 and 10 s.
 * With three attempts, an endpoint that never answers is given up on in about 30 s by default.
 */
export function attemptTimeoutFor(budgetMs: number): number {
	return Math.min(10_000, Math.max(250, Math.floor(budgetMs / 6)));
}

/** EXECDOCTOR_POLL_MS, else 5 s, as a fix's verification polls a real account. */
export function pollMsFrom(env: Env): number {
	const value = Number(env.EXECDOCTOR_POLL_MS);
	return Number.isInteger(value) && value > 0 ? value : 5000;
}

function labelOf(options: SessionOptions): string {
	if (options.builtIn) return 'the built-in simulated account';
	const parts = [...(options.profile ? [`profile ${options.profile}`] : []), ...(options.region ? [options.region] : [])];
	return ['your account', ...parts].join(', ');
}

export function openSession(options: SessionOptions): Session {
	let opened: Promise<Opened> | undefined;
	const builtIn = options.builtIn !== undefined;
	return {
		label: labelOf(options),
		builtIn,
		...(options.builtIn ? {scenario: options.builtIn.scenario} : {}),
		...(options.profile ? {profile: options.profile} : {}),
		// The built-in account's deployments run 40 times faster than AWS's.
		fixTiming: options.fixTiming ?? (builtIn ? {timeoutMs: 120_000, pollMs: 250} : {timeoutMs: 15 * 60_000, pollMs: pollMsFrom(options.env ?? {})}),
		scanBudgetMs: options.scanBudgetMs ?? defaultScanBudgetMs,
		layerBytes: options.layerBytes ?? defaultLayerBudgetBytes,
		...(options.spread ? {spread: options.spread} : {}),
		clock: options.clock ?? systemClock,
		journals: journalsIn(options.env ?? process.env),
		async connect() {
			opened ??= import('./connect.js').then(module => module.connect(options));
			try {
				return (await opened).connection;
			} catch (error) {
				// A failed connection (expired SSO, say) is tried again by the next scan.
				opened = undefined;
				throw error;
			}
		},
		async close() {
			const current = opened;
			opened = undefined;
			await (await current?.catch(() => undefined))?.close();
		},
	};
}
