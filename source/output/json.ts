import type {ScanReport} from '../diagnosis/types.js';

/** One JSON document on stdout; its shape is documented in docs/json-output.md. */
export function renderJson(document: ScanReport | Record<string, unknown>): string {
	return `${JSON.stringify(document, null, 2)}\n`;
}
