import {workloadLabel} from '../diagnosis/explain.js';
import type {FixEvent, FixReport} from '../fixes/types.js';
import {fixReportLines, planLines} from '../present/fix.js';
import type {Style} from './style.js';
import {renderLines} from './text.js';

/** The plan alone, as the [y/N] question shows it. */
export function renderPlan(report: FixReport, style: Style, width: number): string {
	return renderLines(planLines(report, {width, wholeCommands: true}), style);
}

/** The fix report as text: how it ended, the plan with each step's result, changes with their undo, verification. */
export function renderFixReport(report: FixReport, style: Style, width = 100): string {
	const title = style.strong(`execdoctor fix · ${report.strategy}${report.workload ? ` · ${workloadLabel(report.workload)}` : ''}`);
	return `${title}\n${renderLines(fixReportLines(report, {width, wholeCommands: true}), style)}\n`;
}

/** Progress for stderr: one line per step and per new verification state. */
export function createFixProgress(): (event: FixEvent) => string | undefined {
	let lastMessage = '';
	return event => {
		if (event.type === 'step-started') return `execdoctor: [${event.position}/${event.total}] ${event.step.title}…`;
		if (event.type === 'step-finished' && event.result.status === 'failed') return `execdoctor: failed: ${event.result.detail ?? ''}`;
		if (event.type === 'change') return `execdoctor: changed: ${event.change.description}`;
		if (event.type === 'journal') return `execdoctor: every change and its undo is written to ${event.path} first`;
		if (event.type === 'signal') return `execdoctor: ${event.signal}: stopping after this step; every change and its undo is in ${event.journal}`;
		if (event.type === 'log-watch')
			return `execdoctor: the new tasks' logs: ${event.via === 'live-tail' ? 'CloudWatch Logs Live Tail' : event.via === 'polling' ? 'FilterLogEvents at every look' : 'not shown'}${event.reason ? ` (${event.reason})` : ''}`;
		if (event.type === 'log-line') {
			const where = [event.line.container, event.line.taskId?.slice(0, 8)].filter(Boolean).join(' ') || event.line.logStream;
			return `execdoctor: log ${event.line.time.slice(11, 19)} ${where} │ ${event.line.message}`;
		}
		if (event.type === 'verify-progress' && event.message !== lastMessage) {
			lastMessage = event.message;
			return `execdoctor: ${event.message}`;
		}
		return undefined;
	};
}
