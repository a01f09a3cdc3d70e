import {afterEach} from 'vitest';
import type {Finding} from '../../source/diagnosis/types.js';
import {App, type Fixer} from '../../source/ui/app.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {report} from '../fixtures/findings.js';
import {keys, renderTui, type Rendered} from './render.js';

const mounted: Rendered[] = [];
afterEach(() => {
	for (const rendered of mounted.splice(0)) rendered.unmount();
});

/** The app, without colour, on a scan that finds `findings`; unmounted after the test. */
export function appWith(findings: readonly Finding[], options: {fixer?: Fixer; columns?: number; rows?: number} = {}): Rendered {
	const app = renderTui(
		<ThemeContext.Provider value={{color: false}}>
			<App
				scan={async () => report([...findings])}
				{...(options.fixer ? {fixer: options.fixer} : {})}
				actions={{copy() {}, openUrl: async () => true}}
				demo={false}
				readOnly={false}
			/>
		</ThemeContext.Provider>,
		{columns: options.columns ?? 100, rows: options.rows ?? 40},
	);
	mounted.push(app);
	return app;
}

/** The first finding's detail, then its first fix (Enter, Enter). */
export async function openFirstFix(app: Rendered): Promise<Rendered> {
	await app.waitFor(/\d+ findings?/);
	await app.press(keys.enter);
	await app.waitFor('Host (this machine)');
	await app.press(keys.enter);
	return app;
}
