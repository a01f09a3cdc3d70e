import type {IncidentStatus} from './types.js';

/** How a finding's status reads before its reason: "still failing: …". */
export const statusWords: Record<IncidentStatus, string> = {
	failing: 'still failing',
	'rolled-back': 'rolled back',
	recovered: 'recovered',
};

/** How each status is painted, by the plain report's style and the app's tones alike. */
export const statusTones: Record<IncidentStatus, 'bad' | 'warn' | 'good'> = {
	failing: 'bad',
	'rolled-back': 'warn',
	recovered: 'good',
};
