/**
 * The app and the plain report draw the same presentation of a finding (source/present): a test
 * of that, not of either layout. Whitespace is ignored, since the app wraps commands the report
 * keeps whole for copy and paste; every word, glyph and number must match.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {Finding} from '../../source/diagnosis/types.js';
import type {FixReport} from '../../source/fixes/types.js';
import {renderFixReport} from '../../source/output/fix-plain.js';
import {renderPlainReport} from '../../source/output/plain.js';
import {createStyle} from '../../source/output/style.js';
import {App, type Fixer} from '../../source/ui/app.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {grafana, report, reportJob} from '../fixtures/findings.js';
import {keys, renderTui, stripAnsi, type Rendered} from '../helpers/render.js';

const mounted: Rendered[] = [];
afterEach(() => {
	for (const rendered of mounted.splice(0)) rendered.unmount();
});

const words = (text: string) => text.replace(/\s+/g, '');

async function appDetail(finding: Finding, columns: number): Promise<string> {
	const app = renderTui(
		<ThemeContext.Provider value={{color: false}}>
			<App scan={async () => report([finding])} actions={{copy() {}, openUrl: async () => true}} demo={false} readOnly={false} />
		</ThemeContext.Provider>,
		{columns: columns + 1, rows: 300},
	);
	mounted.push(app);
	await app.waitFor('1 finding');
	await app.press(keys.enter);
	const frame = stripAnsi(await app.waitFor('Host (this machine)')).split('\n');
	// The header and the footer are the app's own; the rows between them are the finding.
	return frame.slice(1, -1).join('\n');
}

function plainFinding(finding: Finding, columns: number): string {
	const text = renderPlainReport(report([finding]), createStyle(false), columns);
	return text.slice(text.indexOf('1 finding') + '1 finding'.length);
}

describe('one presentation, two surfaces', () => {
	it.each([
		['a mismatch with fixes', grafana],
		['not architecture, with other causes', reportJob],
	])('%s reads the same in the app and in the plain report', async (_name, finding) => {
		for (const columns of [80, 120]) {
			const app = await appDetail(finding, columns);
			const plain = plainFinding(finding, columns);
			expect(plain).toContain(finding.summary.slice(0, 30));
			expect(words(app)).toBe(words(plain));
		}
	});
});

const verified: FixReport = {
	schemaVersion: 1,
	command: 'fix',
	strategy: 'repush',
	workload: grafana.workload,
	dryRun: false,
	plan: {
		source: 'grafana/grafana:latest',
		sourceOrigin: 'flag',
		destination: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/grafana/grafana:latest',
		targetPlatform: 'linux/amd64',
		steps: [
			{
				id: 'docker-pull',
				title: 'Pull linux/amd64 of grafana/grafana:latest',
				kind: 'docker',
				display: 'docker pull --platform linux/amd64 grafana/grafana:latest',
				shell: [],
				mutating: false,
			},
			{
				id: 'force-new-deployment',
				title: 'Start a new deployment of grafana',
				kind: 'aws',
				display: 'ecs:UpdateService cluster=observability service=grafana forceNewDeployment=true',
				shell: [],
				mutating: true,
			},
		],
		warnings: ['Cluster observability has no arm64 container instance.'],
		notes: [],
	},
	steps: [
		{id: 'docker-pull', title: 'Pull', status: 'done', detail: 'pulled grafana/grafana:latest'},
		{id: 'force-new-deployment', title: 'Deploy', status: 'done', detail: 'deployment ecs-svc/2'},
	],
	changes: [
		{
			step: 'force-new-deployment',
			description: 'started deployment ecs-svc/2 of grafana',
			undo: 'aws ecs update-service --cluster observability --service grafana --force-new-deployment --region ap-northeast-1',
		},
	],
	verification: {status: 'verified', checks: [{name: 'deployment', ok: true, detail: 'deployment ecs-svc/2: 1/1 tasks running'}], evidence: []},
	outcome: 'verified',
	message: 'Verified: grafana runs on linux/amd64 and no new exec format error was logged.',
};

describe('a fix report, two surfaces', () => {
	it("reads the same on the app's fix screen and in `execdoctor fix`", async () => {
		const fixer: Fixer = async (_finding, _fixId, host) => ((await host.confirm({...verified, outcome: 'planned', dryRun: true})) ? verified : verified);
		const app = renderTui(
			<ThemeContext.Provider value={{color: false}}>
				<App scan={async () => report([grafana])} fixer={fixer} actions={{copy() {}, openUrl: async () => true}} demo={false} readOnly={false} />
			</ThemeContext.Provider>,
			{columns: 101, rows: 300},
		);
		mounted.push(app);
		await app.waitFor('1 finding');
		await app.press(keys.enter);
		await app.waitFor('Host (this machine)');
		await app.press(keys.enter);
		await app.waitFor('Press y to apply');
		await app.press('y');
		const frame = stripAnsi(await app.waitFor('✓ Verified')).split('\n');
		// Below the app's header and its "Fix 1 of 2" title, above its footer.
		const screen = frame.slice(2, -1).join('\n');
		const text = renderFixReport(verified, createStyle(false), 100);
		expect(words(screen)).toBe(words(text.slice(text.indexOf('\n') + 1)));
	});
});
