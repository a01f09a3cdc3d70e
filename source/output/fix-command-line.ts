import type {Finding} from '../diagnosis/types.js';
import {fixTargetOf, targetFlags} from '../fixes/target.js';

/** The `execdoctor fix` command that applies a strategy to this workload; none for a standalone task. */
export function fixCommandFor(finding: Finding, fixId: string): string | undefined {
	const outcome = fixTargetOf(finding.workload);
	return 'target' in outcome ? `execdoctor fix ${targetFlags(outcome.target)} --strategy ${fixId}` : undefined;
}
