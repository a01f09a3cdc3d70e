import type {FixId} from '../../diagnosis/types.js';
import type {FindingCode} from '../../diagnosis/codes.js';
import type {FixInputs} from '../../options.js';

/** What a key or an event asks of the world outside the state; app.tsx performs each once. */
export type EffectRequest =
	| {readonly kind: 'quit'; readonly code: number}
	| {readonly kind: 'copy'; readonly text: string}
	| {readonly kind: 'open-url'; readonly url: string}
	/** The page of a finding code (docs/codes/<code>.md), shipped with the package. */
	| {readonly kind: 'open-code-doc'; readonly code: FindingCode}
	/** The incident report of the scan, to a Markdown file. */
	| {readonly kind: 'export-report'}
	/** Plan the fix (reads only); the plan comes back as `fix-planned`. */
	| {readonly kind: 'start-fix'; readonly runId: number; readonly findingId: string; readonly fixId: FixId; readonly inputs?: FixInputs}
	/** The answer to the plan's question: y applies it, esc declines. */
	| {readonly kind: 'answer-fix'; readonly runId: number; readonly apply: boolean}
	/** A second Ctrl-C: cancel the running step and the verification wait. */
	| {readonly kind: 'abort-fix'; readonly runId: number};

export type Effect = EffectRequest & {readonly id: number};
