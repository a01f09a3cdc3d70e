/** What a scan tells as it goes: the account, each source's state, findings as they are known, warnings. */
import type {Finding, Warning} from './types.js';

export type SourceName = 'ecs' | 'apprunner' | 'lambda' | 'logs' | 'images';

export type SourceState = 'running' | 'done' | 'failed' | 'skipped';

export type ScanEvent =
	| {readonly type: 'identity'; readonly account?: string; readonly region: string}
	| {readonly type: 'source'; readonly source: SourceName; readonly state: SourceState; readonly count: number; readonly detail?: string}
	| {readonly type: 'finding'; readonly finding: Finding}
	| {readonly type: 'warning'; readonly warning: Warning};
