/** `1 service`, `2 services`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
	return `${count} ${count === 1 ? word : pluralWord}`;
}

/** Ends `text` as a sentence, so another can follow: tools' error lines often stop without one. */
export function asSentence(text: string): string {
	const trimmed = text.trimEnd();
	return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Edits (insert, delete, substitute, swap neighbours) from one word to another. */
function distance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			rows[i]![j] = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i]![j] = Math.min(rows[i]![j]!, rows[i - 2]![j - 2]! + 1);
		}
	}
	return rows[a.length]![b.length]!;
}

/** The candidate a mistyped word most likely meant (at most two edits, or a prefix), if any. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
	const scored = candidates
		.map(candidate => {
			const prefix = (candidate.startsWith(word) && word.length >= 3) || (word.startsWith(candidate) && candidate.length >= 3);
			return {candidate, score: prefix ? 0.5 : distance(word, candidate)};
		})
		.filter(item => item.score <= Math.min(2, Math.max(1, Math.floor(word.length / 3))))
		.sort((a, b) => a.score - b.score);
	return scored[0]?.candidate;
}
