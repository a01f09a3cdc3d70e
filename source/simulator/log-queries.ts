/**
 * The parts of CloudWatch Logs' two query languages the simulator understands: filter
 * patterns (terms, "quoted phrases", ?OR terms, -exclusions, %regex%) and a Logs Insights
 * subset (SOURCE, fields, filter @message like, sort @timestamp, limit). Anything else is
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

export type InsightsQuery = {
	readonly sourcePrefixes?: readonly string[];
	readonly fields: readonly string[];
	readonly filter?: RegExp;
	readonly sort: 'asc' | 'desc';
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

function parseLike(argument: string): RegExp {
	const regex = /^\/(.*)\/([a-z]*)$/s.exec(argument);
	if (regex) {
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
	const quoted = /^"(.*)"$|^'(.*)'$/s.exec(argument);
	if (quoted) return new RegExp((quoted[1] ?? quoted[2]!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	throw malformed(`"like" needs /regex/ or "text", got ${argument}`);
}

export function parseInsightsQuery(queryString: string): InsightsQuery {
	if (queryString.length > 10_000) throw new SimError('InvalidParameterException', 'queryString must be at most 10000 characters.');
	const commands = queryString
		.split('|')
		.map(command => command.trim())
		.filter(Boolean);
	let sourcePrefixes: string[] | undefined;
	let fields: string[] = ['@timestamp', '@message'];
	let filter: RegExp | undefined;
	let sort: 'asc' | 'desc' = 'desc';
	let limit: number | undefined;
	for (const [position, command] of commands.entries()) {
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
			case 'sort': {
				const order = /^@timestamp(?:\s+(asc|desc))?$/i.exec(argument);
				if (!order) throw malformed(`unsupported sort "${argument}"`);
				sort = (order[1]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'desc';
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
	return {...(sourcePrefixes ? {sourcePrefixes} : {}), fields, ...(filter ? {filter} : {}), sort, ...(limit ? {limit} : {})};
}
