import {UsageError} from './errors.js';

const units: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000};
const maxLookbackMs = 90 * units.d!;
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Date.parse rolls 2026-11-31 over to 12-01; a person who typed it made a mistake. */
function isCalendarDate(day: string): boolean {
	const [year, month, date] = day.split('-').map(Number) as [number, number, number];
	const real = new Date(Date.UTC(year, month - 1, date));
	return real.getUTCFullYear() === year && real.getUTCMonth() === month - 1 && real.getUTCDate() === date;
}

/** A duration such as `30s`, `10m`, `2h`, in milliseconds. */
export function parseDuration(text: string, flag: string): number {
	const match = /^(\d+)(s|m|h)$/.exec(text.trim());
	const amount = match ? Number(match[1]) * {s: 1000, m: 60_000, h: 3_600_000}[match[2] as 's' | 'm' | 'h'] : Number.NaN;
	if (!match || amount <= 0 || amount > 24 * 3_600_000) throw new UsageError(`${flag} takes a duration like 90s, 15m or 1h (at most 24h); got "${text}".`);
	return amount;
}

/**
 * `--since`: a duration back from now (`30m`, `6h`, `2d`) or an ISO date (`2026-11-23`,
 * `2026-11-23T08:00Z`). A date without a zone is UTC, as AWS prints times.
 */
export function parseSince(text: string, now: Date): Date {
	const value = text.trim();
	const duration = /^(\d+)([mhd])$/.exec(value);
	if (duration) {
		const amount = Number(duration[1]) * units[duration[2]!]!;
		if (amount <= 0) throw new UsageError(`--since must reach back more than zero time, got "${text}".`);
		if (amount > maxLookbackMs) throw new UsageError(`--since can reach back at most 90 days, got "${text}".`);
		return new Date(now.getTime() - amount);
	}
	if (isoPattern.test(value)) {
		if (!isCalendarDate(value.slice(0, 10))) throw new UsageError(`--since "${text}" is not a real date.`);
		const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) && value.length > 10;
		const normalized = value.replace(' ', 'T');
		const time = Date.parse(hasZone ? normalized : value.length === 10 ? `${normalized}T00:00:00Z` : `${normalized}Z`);
		if (Number.isNaN(time)) throw new UsageError(`--since "${text}" is not a real date.`);
		if (time >= now.getTime()) throw new UsageError(`--since "${text}" is in the future.`);
		if (now.getTime() - time > maxLookbackMs) throw new UsageError(`--since can reach back at most 90 days, got "${text}".`);
		return new Date(time);
	}
	throw new UsageError(`--since takes a duration like 30m, 6h or 2d, or an ISO date like 2026-11-23T08:00Z; got "${text}".`);
}
