import {styleText} from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** Colours only where wanted; every meaning also reads without them (glyphs and words). */
export type Style = {
	readonly bad: (text: string) => string;
	readonly warn: (text: string) => string;
	readonly good: (text: string) => string;
	readonly muted: (text: string) => string;
	readonly strong: (text: string) => string;
	readonly code: (text: string) => string;
};

export function createStyle(enabled: boolean): Style {
	const paint = (format: Format) => (text: string) => (enabled ? styleText(format, text, {validateStream: false}) : text);
	return {
		bad: paint(['red', 'bold']),
		warn: paint('yellow'),
		good: paint('green'),
		muted: paint('dim'),
		strong: paint('bold'),
		code: paint('cyan'),
	};
}
