import {Box} from 'ink';
import {Footer} from '../components/footer.js';
import {Header} from '../components/header.js';
import {HelpOverlay} from '../components/help-overlay.js';
import {selectedFinding, type AppState} from '../state/app-state.js';
import {viewOf} from '../state/view.js';
import {DetailScreen} from './detail-screen.js';
import {fixHints, FixScreen} from './fix-screen.js';
import {ListScreen} from './list-screen.js';

/** Header, the current screen (or the keys), footer: never taller than the terminal, so Ink never clears it. */
export function AppFrame({state, profile, now}: {readonly state: AppState; readonly profile?: string; readonly now: Date}) {
	const view = viewOf(state);
	const position =
		state.screen !== 'list' && view.lines.length > view.bodyHeight
			? `rows ${state.scroll + 1}–${Math.min(view.lines.length, state.scroll + view.bodyHeight)} of ${view.lines.length}`
			: undefined;
	const title =
		state.screen === 'list'
			? state.report
				? `${state.findings.length} finding${state.findings.length === 1 ? '' : 's'}`
				: state.error
					? 'the scan could not run'
					: 'scanning'
			: undefined;
	const hints = state.screen === 'fix' ? fixHints(state.fix, view.width - (position ? position.length + 3 : 0)) : undefined;
	// Below the size the layout is made for, say so where it cannot be missed: lines will be cut.
	const {columns, rows} = state.size;
	const small = columns < 80 || rows < 24 ? `terminal ${columns}×${rows} is below 80×24: lines are cut` : undefined;
	const heading = [title, small].filter(Boolean).join(' · ') || undefined;
	const body = state.helpOpen ? (
		<HelpOverlay screen={state.screen} {...(state.screen === 'detail' && selectedFinding(state) ? {code: selectedFinding(state)!.code} : {})} />
	) : state.screen === 'list' ? (
		<ListScreen state={state} width={view.width} height={view.bodyHeight} now={now} />
	) : state.screen === 'detail' ? (
		<DetailScreen state={state} view={view} />
	) : (
		<FixScreen state={state} view={view} />
	);
	return (
		<Box flexDirection="column">
			<Header
				account={state.account}
				{...(state.accounts ? {accounts: state.accounts} : {})}
				region={state.region}
				profile={profile}
				demo={state.demo}
				{...(heading ? {title: heading} : {})}
			/>
			<Box
				height={view.bodyHeight + (state.screen === 'fix' && state.fix?.phase === 'applying' && !state.helpOpen ? 1 : 0)}
				flexDirection="column"
				overflow="hidden"
			>
				{body}
			</Box>
			<Footer
				screen={state.screen}
				status={state.status}
				{...(state.statusLink ? {link: state.statusLink} : {})}
				position={position}
				width={view.width}
				{...(hints ? {hints} : {})}
			/>
		</Box>
	);
}
