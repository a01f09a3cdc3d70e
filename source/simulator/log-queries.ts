/**
 * The parts of CloudWatch Logs' two query languages the simulator understands: filter
 * patterns (terms, "quoted phrases", ?OR terms, -exclusions, %regex%) and a Logs Insights
 * subset (SOURCE, fields, filter @message like, parse @message /regex/, stats with count, min,
 * max, earliest and latest by fields, sort, limit). Anything else is
 * refused, so a caller can't rely on behaviour the simulator does not model.
 */
import {SimError} from './errors.js';

type Term = {text?: string; regex?: RegExp; mode: 'and' | 'or' | 'not'};

function tokenize(pattern: string): string[] {
	const tokens: string[] = [];
	let index = 0;
	while (index < pattern.length) {
		while (pattern[index] === ' ') index++;
		if (index >= pattern.length) break;
		const start = index;
		if (pattern[index] === '?' || pattern[index] === '-') index++;
		if (pattern[index] === '"') {
			const close = pattern.indexOf('"', index + 1);
			if (close === -1) throw new SimError('InvalidParameterException', 'Invalid filter pattern: unterminated quoted term.');
			index = close + 1;
		} else if (pattern[index] === '%') {
			const close = pattern.indexOf('%', index + 1);
			if (close === -1) throw new SimError('InvalidParameterException', 'Invalid filter pattern: unterminated regular expression.');
			index = close + 1;
		} else {
			while (index < pattern.length && pattern[index] !== ' ') index++;
		}
		tokens.push(pattern.slice(start, index));
	}
	return tokens;
}

export type FilterPattern = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): FilterPattern {
	const text = (pattern ?? '').trim();
	if (!text) return () => true;
	if (text.startsWith('{') || text.startsWith('[')) {
		throw new SimError('InvalidParameterException', 'Invalid filter pattern: the simulator supports term, "phrase", ?or, -not and %regex% patterns only.');
	}
	if (text.length > 1024) throw new SimError('InvalidParameterException', 'filterPattern must be at most 1024 characters.');
	const terms: Term[] = tokenize(text).map(token => {
		const mode: Term['mode'] = token.startsWith('?') ? 'or' : token.startsWith('-') ? 'not' : 'and';
		const body = mode === 'and' ? token : token.slice(1);
		if (body.startsWith('%')) {
			const source = body.slice(1, -1);
			if (source.includes('(')) throw new SimError('InvalidParameterException', 'Invalid filter pattern: regular expressions may not contain groups.');
			return {regex: new RegExp(source), mode};
		}
		return {text: body.startsWith('"') ? body.slice(1, -1) : body, mode};
	});
	if (terms.filter(term => term.regex).length > 2) throw new SimError('InvalidParameterException', 'Invalid filter pattern: at most 2 regular expressions.');
	const hit = (term: Term, message: string) => (term.regex ? term.regex.test(message) : message.includes(term.text!));
	return message => {
		const ands = terms.filter(term => term.mode === 'and');
		const ors = terms.filter(term => term.mode === 'or');
		const nots = terms.filter(term => term.mode === 'not');
		if (!ands.every(term => hit(term, message))) return false;
		if (ors.length > 0 && !ors.some(term => hit(term, message))) return false;
		return !nots.some(term => hit(term, message));
	};
}

export type Aggregate = {readonly fn: 'count' | 'min' | 'max' | 'earliest' | 'latest'; readonly field?: string; readonly as: string};

export type InsightsQuery = {
	readonly sourcePrefixes?: readonly string[];
	readonly fields: readonly string[];
	readonly filter?: RegExp;
	/** `parse @message /(?<name>…)/`: each named group becomes a field. */
	readonly parse?: RegExp;
	readonly stats?: {readonly aggregates: readonly Aggregate[]; readonly by: readonly string[]};
	readonly sort: {readonly field: string; readonly order: 'asc' | 'desc'};
	readonly limit?: number;
};

const malformed = (detail: string) => new SimError('MalformedQueryException', `Query is malformed: ${detail}`);

function parseSource(command: string): string[] {
	const match = /^SOURCE\s+logGroups\(\s*(?:namePrefix:\s*\[([^\]]*)\])?\s*\)$/i.exec(command);
	if (!match) throw malformed(`unsupported SOURCE command "${command}"`);
	if (match[1] === undefined) return [];
	const prefixes = [...match[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map(item => item[1] ?? item[2]!);
	if (prefixes.length > 5) throw new SimError('InvalidParameterException', 'SOURCE accepts at most 5 name prefixes.');
	return prefixes;
}

function regexOf(argument: string, what: string): RegExp {
	const regex = /^\/(.*)\/([a-z]*)$/s.exec(argument);
	if (!regex) throw malformed(`${what} needs /regex/, got ${argument}`);
	let source = regex[1]!;
	let flags = '';
	if (source.startsWith('(?i)')) {
		source = source.slice(4);
		flags = 'i';
	}
	try {
		return new RegExp(source, flags);
	} catch {
		throw malformed(`invalid regular expression ${argument}`);
	}
}

function parseLike(argument: string): RegExp {
	if (argument.startsWith('/')) return regexOf(argument, '"like"');
	const quoted = /^"(.*)"$|^'(.*)'$/s.exec(argument);
	if (quoted) return new RegExp((quoted[1] ?? quoted[2]!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	throw malformed(`"like" needs /regex/ or "text", got ${argument}`);
}

function parseStats(argument: string): NonNullable<InsightsQuery['stats']> {
	const [functions, by] = argument.split(/\s+by\s+/i);
	const aggregates = functions!.split(',').map(item => {
		const match = /^(count|min|max|earliest|latest)\((\*|@?[\w.]+)\)\s+as\s+(\w+)$/i.exec(item.trim());
		if (!match) throw malformed(`unsupported stats function "${item.trim()}" (the simulator models count, min, max, earliest and latest, each "as" a name)`);
		const fn = match[1]!.toLowerCase() as Aggregate['fn'];
		if (fn !== 'count' && match[2] === '*') throw malformed(`${fn}(*) is not a function`);
		return {fn, ...(match[2] === '*' ? {} : {field: match[2]!}), as: match[3]!};
	});
	const fields = (by ?? '')
		.split(',')
		.map(field => field.trim())
		.filter(Boolean);
	if (fields.some(field => !/^@?[\w.]+$/.test(field))) throw malformed(`unsupported "by" in stats "${argument}"`);
	return {aggregates, by: fields};
}

/** The commands between `|`s; a `|` inside a /regex/ (alternation) or a quoted string is not one. */
function splitCommands(queryString: string): string[] {
	const commands: string[] = [];
	let current = '';
	let inside: '/' | "'" | '"' | undefined;
	for (const character of queryString) {
		if (inside) {
			if (character === inside && !current.endsWith('\\')) inside = undefined;
		} else if (character === "'" || character === '"') inside = character;
		// A regex starts where a value does: after a space.
		else if (character === '/' && /\s$/.test(current)) inside = '/';
		else if (character === '|') {
			commands.push(current.trim());
			current = '';
			continue;
		}
		current += character;
	}
	commands.push(current.trim());
	return commands;
}

export function parseInsightsQuery(queryString: string): InsightsQuery {
	if (queryString.length > 10_000) throw new SimError('InvalidParameterException', 'queryString must be at most 10000 characters.');
	const commands = splitCommands(queryString);
	let sourcePrefixes: string[] | undefined;
	let fields: string[] = ['@timestamp', '@message'];
	let filter: RegExp | undefined;
	let parse: RegExp | undefined;
	let stats: InsightsQuery['stats'];
	let sort: InsightsQuery['sort'] = {field: '@timestamp', order: 'desc'};
	let limit: number | undefined;
	for (const [position, command] of commands.filter(Boolean).entries()) {
		const [keyword] = command.split(/\s+/, 1);
		const argument = command.slice(keyword!.length).trim();
		switch (keyword!.toLowerCase()) {
			case 'source': {
				if (position !== 0) throw malformed('SOURCE must be the first command');
				sourcePrefixes = parseSource(command);
				break;
			}
			case 'fields': {
				fields = argument
					.split(',')
					.map(field => field.trim())
					.filter(Boolean);
				break;
			}
			case 'filter': {
				const like = /^@message\s+like\s+(.+)$/is.exec(argument);
				if (!like) throw malformed(`unsupported filter "${argument}"`);
				filter = parseLike(like[1]!.trim());
				break;
			}
			case 'parse': {
				const match = /^@message\s+(\/.+\/[a-z]*)$/s.exec(argument);
				if (!match) throw malformed(`unsupported parse "${argument}" (the simulator models parse @message /regex/ with named groups)`);
				parse = regexOf(match[1]!, 'parse');
				if (!/\(\?<\w+>/.test(parse.source)) throw malformed('parse with a regular expression needs a named group (?<name>…)');
				break;
			}
			case 'stats': {
				if (stats) throw malformed('one stats command only');
				stats = parseStats(argument);
				break;
			}
			case 'sort': {
				const order = /^(@?[\w.]+)(?:\s+(asc|desc))?$/i.exec(argument);
				if (!order) throw malformed(`unsupported sort "${argument}"`);
				sort = {field: order[1]!, order: (order[2]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'desc'};
				break;
			}
			case 'limit': {
				limit = Number(argument);
				if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw malformed('limit must be between 1 and 10000');
				break;
			}
			default: {
				throw malformed(`unsupported command "${keyword}"`);
			}
		}
	}
	if (stats && sort.field !== '@timestamp' && ![...stats.by, ...stats.aggregates.map(aggregate => aggregate.as)].includes(sort.field)) {
		throw malformed(`sort by "${sort.field}", which the stats command does not produce`);
	}
	return {
		...(sourcePrefixes ? {sourcePrefixes} : {}),
		fields,
		...(filter ? {filter} : {}),
		...(parse ? {parse} : {}),
		...(stats ? {stats} : {}),
		sort,
		...(limit ? {limit} : {}),
	};
}

/** One log event, with its fields as Logs Insights names them. */
export type QueryEvent = {readonly timestamp: number; readonly fields: Readonly<Record<string, string>>};

export type ResultRow = {field: string; value: string}[];

export const insightsTime = (time: number) => new Date(time).toISOString().replace('T', ' ').replace('Z', '');

/**
 * What Logs Insights returns for events that passed the filter: raw rows with the query's fields,
 * or, with `stats`, one row per distinct value of the `by` fields.
 */
export function evaluateInsightsQuery(query: InsightsQuery, events: readonly QueryEvent[], rowLimit: number): ResultRow[] {
	const parsed = events.map(event => {
		const groups = query.parse ? query.parse.exec(event.fields['@message'] ?? '')?.groups : undefined;
		return {...event, fields: {...event.fields, ...groups}};
	});
	const limit = Math.min(query.limit ?? rowLimit, rowLimit, 10_000);
	if (!query.stats) {
		const sorted = [...parsed].sort((a, b) => (query.sort.order === 'desc' ? b.timestamp - a.timestamp : a.timestamp - b.timestamp));
		// Every raw row carries @ptr, whatever the fields asked for.
		return sorted
			.slice(0, limit)
			.map(event => [
				...query.fields.filter(field => field in event.fields && field !== '@ptr').map(field => ({field, value: event.fields[field]!})),
				...(event.fields['@ptr'] ? [{field: '@ptr', value: event.fields['@ptr']}] : []),
			]);
	}
	const {aggregates, by} = query.stats;
	const groups = new Map<string, (typeof parsed)[number][]>();
	for (const event of parsed) {
		const key = JSON.stringify(by.map(field => event.fields[field] ?? null));
		groups.set(key, [...(groups.get(key) ?? []), event]);
	}
	const rows = [...groups.values()].map(members => {
		const row: ResultRow = by.flatMap(field => (members[0]!.fields[field] === undefined ? [] : [{field, value: members[0]!.fields[field]!}]));
		const byTime = [...members].sort((a, b) => a.timestamp - b.timestamp);
		for (const aggregate of aggregates) {
			const value = (event: (typeof parsed)[number]) => (aggregate.field === '@timestamp' ? String(event.timestamp) : event.fields[aggregate.field!]);
			let result: string | undefined;
			if (aggregate.fn === 'count') result = String(aggregate.field ? members.filter(event => value(event) !== undefined).length : members.length);
			else if (aggregate.fn === 'earliest') result = value(byTime[0]!);
			else if (aggregate.fn === 'latest') result = value(byTime.at(-1)!);
			else {
				const values = members.map(value).filter((item): item is string => item !== undefined);
				const numeric = values.map(Number);
				const picked = aggregate.fn === 'min' ? Math.min(...numeric) : Math.max(...numeric);
				result = values.length === 0 ? undefined : String(picked);
			}
			// Times come back as Insights prints them.
			if (result !== undefined && aggregate.field === '@timestamp') result = insightsTime(Number(result));
			if (result !== undefined) row.push({field: aggregate.as, value: result});
		}
		return row;
	});
	const sortValue = (row: ResultRow) => row.find(item => item.field === query.sort.field)?.value ?? '';
	rows.sort((a, b) => (query.sort.order === 'desc' ? -1 : 1) * compare(sortValue(a), sortValue(b)));
	return rows.slice(0, limit);
}

function compare(a: string, b: string): number {
	const [x, y] = [Number(a), Number(b)];
	if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
	return a < b ? -1 : a > b ? 1 : 0;
}
