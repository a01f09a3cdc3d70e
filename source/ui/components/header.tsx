import {Text} from 'ink';
import {safeText} from '../../present/safe.js';
import {useTone} from '../theme.js';

export type HeaderProps = {
	readonly account?: string;
	readonly accounts?: number;
	readonly region?: string;
	readonly profile?: string;
	readonly demo: boolean;
	readonly title?: string;
};

export function Header({account, accounts, region, profile, demo, title}: HeaderProps) {
	const tone = useTone();
	const parts = [
		accounts !== undefined && accounts > 1 ? `${accounts} accounts` : `account ${account ?? '…'}`,
		`region ${region ?? '…'}`,
		...(profile ? [`profile ${profile}`] : []),
		...(demo ? ['built-in simulated account'] : []),
	];
	// The state first: at 80 columns the context is what gets cut, never "3 findings".
	return (
		<Text wrap="truncate-end">
			<Text {...tone('accent')}>execdoctor</Text>
			{title ? <Text {...tone('strong')}> · {title}</Text> : null}
			<Text {...tone('muted')}> · {safeText(parts.join(' · '))}</Text>
		</Text>
	);
}
