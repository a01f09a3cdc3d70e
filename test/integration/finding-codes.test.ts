import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {allCodes, codeDocPath, codeOf, findingCodes} from '../../source/diagnosis/codes.js';
import {runCli, simulatorEnv} from '../helpers/cli.js';
import {root} from '../helpers/cli.js';
import {runScan, simulate} from '../helpers/simulated-aws.js';

describe('finding codes', () => {
	it('give every kind of finding in the built-in account its own code, in the JSON report', async () => {
		await simulate('demo');
		const {report} = await runScan();
		expect(Object.fromEntries(report.findings.map(finding => [finding.id, finding.code]))).toEqual({
			'lambda-function/image-resizer': 'EXD101',
			'lambda-function/invoice-pdf': 'EXD103',
			'ecs-service/orders/api': 'EXD105',
			'ecs-service/observability/grafana': 'EXD101',
			'ecs-service/shop/checkout': 'EXD104',
			'ecs-service/finance/ledger': 'EXD103',
			'ecs-service/graviton/worker': 'EXD101',
			'apprunner-service/grafana': 'EXD101',
			'ecs-service/web/frontend': 'EXD102',
			'lambda-function/report-export': 'EXD106',
			'ecs-task/batch/report-job': 'EXD201',
		});
	});

	it('call a finding unknown when ECR cannot be read', async () => {
		await simulate('seed-fargate', {faults: {deny: ['ecr:BatchGetImage']}});
		const {report} = await runScan();
		expect(report.findings.map(finding => [finding.verdict, finding.code])).toEqual([['unknown', 'EXD900']]);
	});

	it('choose the most specific code the evidence supports', () => {
		const sidecars = [
			{name: 'app', essential: true, image: 'a', platforms: [], verdict: 'healthy' as const, evidence: [], judged: false},
			{name: 'log_router', essential: false, image: 'b', platforms: [], verdict: 'architecture-mismatch' as const, evidence: [], judged: true},
		];
		expect(codeOf({verdict: 'architecture-mismatch'})).toBe('EXD101');
		expect(codeOf({verdict: 'platform-missing'})).toBe('EXD102');
		expect(codeOf({verdict: 'architecture-mismatch', containers: sidecars})).toBe('EXD104');
		expect(codeOf({verdict: 'architecture-mismatch', containers: sidecars, droppedArchitecture: 'ARM64'})).toBe('EXD105');
		expect(codeOf({verdict: 'architecture-mismatch', containers: sidecars, droppedArchitecture: 'ARM64', bytesVerdict: 'architecture-mismatch'})).toBe(
			'EXD103',
		);
		// The app container, first and essential, is no sidecar.
		expect(codeOf({verdict: 'architecture-mismatch', containers: sidecars.map(container => ({...container, judged: !container.judged}))})).toBe('EXD101');
	});

	it('each have a page that names the code, its slug and its title', () => {
		for (const code of allCodes) {
			const page = readFileSync(path.join(root, codeDocPath(code)), 'utf8');
			expect(page.split('\n')[0]).toBe(`# ${code} · ${findingCodes[code].slug}`);
			expect(page).toContain(`**${findingCodes[code].title}.**`);
		}
	});
});

describe('scan --fail-on', () => {
	it('exits 1 only for open findings with the codes named, and 0 when none has them', async () => {
		const simulator = await simulate('seed-fargate');
		const env = simulatorEnv(simulator.url);
		const named = await runCli(['scan', '--json', '--fail-on', 'EXD101,EXD103'], {env});
		expect(JSON.parse(named.stdout).findings.map((finding: {code: string}) => finding.code)).toEqual(['EXD101']);
		expect(named.code).toBe(1);
		const others = await runCli(['scan', '--fail-on', 'exd102'], {env});
		expect(others.code).toBe(0);
		expect(others.stdout).toContain('[EXD101]');
	});

	it('refuses a code that does not exist, with the one meant', async () => {
		const result = await runCli(['scan', '--fail-on', 'EXD10']);
		expect(result.code).toBe(2);
		expect(result.stderr.split('\n')[0]).toBe(
			'execdoctor: --fail-on: "EXD10" is not a finding code. Did you mean EXD101? Codes: EXD101, EXD102, EXD103, EXD104, EXD105, EXD106, EXD201, EXD900 (docs/codes/).',
		);
	});
});
