/** The fix reports that need no engine: a refusal, and the verification that did not run. Cheap to import. */
import {schemaVersion, type Workload} from '../diagnosis/types.js';
import type {FixReport, Strategy, Verification} from './types.js';

export const notRun: Verification = {status: 'not-run', checks: [], evidence: []};

/** Nothing was done: why, in one message. */
export function refusedReport(request: {readonly strategy: Strategy}, message: string, subject?: {readonly workload: Workload}): FixReport {
	return {
		schemaVersion,
		command: 'fix',
		strategy: request.strategy,
		...(subject ? {workload: subject.workload} : {}),
		dryRun: false,
		steps: [],
		changes: [],
		verification: notRun,
		outcome: 'refused',
		message,
	};
}
