/** The fixes this machine's journals hold for a report's workloads, in this session's account. */
import type {ScanReport} from '../diagnosis/types.js';
import {fixesFor, fixHistory, type FixHistory} from '../journal/history.js';
import type {Session} from './session.js';

export function fixesOfReport(session: Session, report: ScanReport): FixHistory[] {
	// The built-in account is new in every run: only this run's fixes are about it.
	const scope = {simulated: session.builtIn, ...(session.builtIn ? {notBefore: new Date(performance.timeOrigin).toISOString()} : {})};
	return fixesFor(report, fixHistory(session.journals.directory), scope);
}
