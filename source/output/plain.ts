import type {ScanReport} from '../diagnosis/types.js';
import {reportLines, type ReportOptions} from '../present/report.js';
import type {Style} from './style.js';
import {renderLines} from './text.js';

/** The plain-text report: for pipes, CI and terminals without the app. */
export function renderPlainReport(report: ScanReport, style: Style, width = 80, options: Omit<ReportOptions, 'width'> = {}): string {
	return `${renderLines(reportLines(report, {...options, width}), style)}\n`;
}
