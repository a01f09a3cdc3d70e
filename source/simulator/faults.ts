/** What can go wrong on the wire, changeable while the simulator runs. */
export type Faults = {
	/** Added to every API call; a function gets the IAM action (`ecs:ListTasks`). */
	latencyMs: number | ((action: string) => number);
	/** Calls per second per API: keyed by action (`logs:FilterLogEvents`) or service (`logs`). */
	throttle: Record<string, number>;
	/** IAM actions answered with AccessDenied; `logs:*` denies a whole service. */
	deny: string[];
	/** IAM actions answered with a 503, as a service outage would. */
	unavailable: string[];
	/** IAM actions the simulator reads and never answers, as a black-holed endpoint or a stuck proxy. */
	hang: string[];
	/** Every call fails as with stale or made-up keys. */
	credentials?: 'expired' | 'invalid';
	/** Appended to every text the simulator writes (log lines, reasons, events, error messages): hostile account data. */
	hostile?: string;
	/** A whole region: every call denied (an SCP that denies the region), or never answered. */
	regions?: Record<string, 'denied' | 'unreachable'>;
};

export function defaultFaults(): Faults {
	return {latencyMs: 0, throttle: {}, deny: [], unavailable: [], hang: [], credentials: undefined};
}

/** The members of AWS responses that carry free text someone else wrote. */
const textMembers = new Set(['message', 'reason', 'stoppedReason', 'rolloutStateReason', 'failureReason', 'StatusMessage']);

/** A response with `payload` appended to every free-text member (and to Logs Insights' @message). */
export function poisoned(value: unknown, payload: string): unknown {
	if (Array.isArray(value)) {
		if (value.every(item => item && typeof item === 'object' && 'field' in item && 'value' in item)) {
			return value.map(item => (item.field === '@message' ? {...item, value: `${item.value}${payload}`} : item));
		}
		return value.map(item => poisoned(item, payload));
	}
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, member]) => [key, textMembers.has(key) && typeof member === 'string' ? `${member}${payload}` : poisoned(member, payload)]),
	);
}

function matches(patterns: readonly string[], action: string): boolean {
	const service = action.split(':')[0];
	return patterns.some(pattern => pattern === action || pattern === `${service}:*` || pattern === '*');
}

export function isDenied(faults: Faults, action: string): boolean {
	return matches(faults.deny, action);
}

export function isUnavailable(faults: Faults, action: string): boolean {
	return matches(faults.unavailable, action);
}

export function hangs(faults: Faults, action: string): boolean {
	return matches(faults.hang, action);
}

export function latencyFor(faults: Faults, action: string): number {
	return typeof faults.latencyMs === 'function' ? faults.latencyMs(action) : faults.latencyMs;
}

/** One token bucket per API, as AWS quotas are per API per account and Region. */
export class Throttle {
	private readonly buckets = new Map<string, {tokens: number; updatedAt: number}>();

	/** `scope`: AWS keeps these quotas per account and region, so does the simulator. */
	allow(faults: Faults, action: string, now = Date.now(), scope = ''): boolean {
		const rate = faults.throttle[action] ?? faults.throttle[action.split(':')[0]!];
		if (rate === undefined) return true;
		const key = `${scope}|${action}`;
		const bucket = this.buckets.get(key) ?? {tokens: rate, updatedAt: now};
		bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
		bucket.updatedAt = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}
}
