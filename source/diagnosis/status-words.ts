import type {IncidentStatus} from './types.js';

/** How a finding's status reads before its reason: "still failing: …". */
export const statusWords: Record<IncidentStatus, string> = {
	failing: 'still failing',
	'rolled-back': 'rolled back',
	recovered: 'recovered',
};
