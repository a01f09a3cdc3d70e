import {styleText} from 'node:util';
import type {Tone} from '../present/line.js';

type Format = Parameters<typeof styleText>[0];

/** Colours only where wanted; every meaning also reads without them (glyphs and words). */
export type Style = Readonly<Record<Tone, (text: string) => string>>;

const formats: Record<Tone, Format> = {
	bad: ['red', 'bold'],
	warn: 'yellow',
	good: 'green',
	muted: 'dim',
	strong: 'bold',
	accent: ['cyan', 'bold'],
	code: 'cyan',
	selected: 'inverse',
};

export function createStyle(enabled: boolean): Style {
	const paint = (format: Format) => (text: string) => (enabled ? styleText(format, text, {validateStream: false}) : text);
	return Object.fromEntries(Object.entries(formats).map(([tone, format]) => [tone, paint(format)])) as unknown as Style;
}
