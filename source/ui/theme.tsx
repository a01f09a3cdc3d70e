import type {TextProps} from 'ink';
import {createContext, useContext} from 'react';
import type {Tone} from '../present/line.js';

const tones: Record<Tone, TextProps> = {
	bad: {color: 'red', bold: true},
	good: {color: 'green'},
	warn: {color: 'yellow'},
	muted: {dimColor: true},
	strong: {bold: true},
	accent: {color: 'cyan', bold: true},
	code: {color: 'cyan'},
	selected: {inverse: true},
};

/** Whether to style at all: NO_COLOR means no colour and no other styling either. */
export const ThemeContext = createContext<{readonly color: boolean}>({color: true});

export function useTone(): (tone?: Tone) => TextProps {
	const {color} = useContext(ThemeContext);
	return tone => (color && tone ? tones[tone] : {});
}
