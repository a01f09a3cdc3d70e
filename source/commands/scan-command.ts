import {createAccountPort} from '../aws/account-port.js';
import type {AccountPort} from '../ports/account.js';
import type {ScanEvent} from '../reading/progress.js';
import {hasOpenFindings} from '../diagnosis/findings-order.js';
import {scan} from '../reading/scan.js';
import type {ScanScope} from '../diagnosis/scope.js';
import type {HostReport, ScanReport} from '../diagnosis/types.js';
import {probeHost} from '../docker/host.js';
import {colorEnabled} from '../mode.js';
import type {Options} from '../options.js';
import {renderJson} from '../output/json.js';
import {renderPlainReport} from '../output/plain.js';
import {createProgressLines} from '../output/progress-lines.js';
import {createStyle} from '../output/style.js';
import {parseSince} from '../since.js';
import type {Io} from '../io.js';

export function scopeFrom(options: Options, now: Date): ScanScope {
	return {
		since: parseSince(options.since, now),
		until: now,
		...(options.cluster ? {cluster: options.cluster} : {}),
		...(options.service ? {service: options.service} : {}),
		...(options.appRunnerService ? {appRunnerService: options.appRunnerService} : {}),
	};
}

/** The scan the options ask for, on an account port. */
export function scanFromOptions(
	options: Options,
	port: AccountPort,
	onEvent: (event: ScanEvent) => void,
	probe: () => Promise<HostReport> = probeHost,
): Promise<ScanReport> {
	return scan(scopeFrom(options, new Date()), {account: port, probeHost: probe, ...(options.profile ? {profile: options.profile} : {}), onEvent});
}

/** Runs the scan against whatever account the SDK's chain resolves, and prints the report. */
export async function scanAndPrint(options: Options, io: Io, probe?: () => Promise<HostReport>, context: {demo?: boolean} = {}): Promise<ScanReport> {
	const port = await createAccountPort({...(options.region ? {region: options.region} : {}), ...(options.profile ? {profile: options.profile} : {})});
	const progressLine = createProgressLines();
	try {
		const report = await scanFromOptions(
			options,
			port,
			event => {
				const line = progressLine(event);
				if (line) io.stderr.write(`${line}\n`);
			},
			probe,
		);
		if (options.json) io.stdout.write(renderJson(report));
		else
			io.stdout.write(
				renderPlainReport(report, createStyle(colorEnabled(io.env, Boolean(io.stdout.isTTY))), io.stdout.columns ?? 100, {
					readOnly: options.readOnly,
					demo: context.demo ?? false,
				}),
			);
		return report;
	} finally {
		port.close();
	}
}

export async function runScan(options: Options, io: Io): Promise<number> {
	const report = await scanAndPrint(options, io);
	return hasOpenFindings(report.findings) ? 1 : 0;
}
