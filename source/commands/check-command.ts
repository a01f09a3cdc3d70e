import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {parseImageReference} from '../registry/image-reference.js';
import {checkExitCode} from '../diagnosis/check.js';
import {checkPortsOf} from '../session/check-ports.js';
import {CannotRunError, UsageError} from '../errors.js';
import type {Io} from '../io.js';
import {colorEnabled} from '../mode.js';
import type {Options} from '../options.js';
import {githubAnnotations, junitReport, renderCheck} from '../output/check-output.js';
import {renderJson} from '../output/json.js';
import {createStyle} from '../output/style.js';
import {runCheck, type CheckTargetRequest} from '../reading/check-image.js';
import {sessionFromOptions} from '../session/from-options.js';

function taskDefinitionDocument(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--task-definition: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a JSON file or FAMILY:REVISION.`);
	}
	try {
		return JSON.parse(text);
	} catch {
		throw new UsageError(`--task-definition: ${file} is not JSON.`);
	}
}

/** Does the image fit its target? 0 it fits, 1 it does not, 2 it could not be checked; nothing account-wide is read. */
export async function runCheckCommand(options: Options, io: Io): Promise<number> {
	const target = options.checkTarget!;
	const image = options.image;
	if (image && !options.local && !parseImageReference(image)?.ecr && !existsSync(image)) {
		throw new UsageError(
			`"${image}" is neither an ECR image nor a file or directory. check reads ECR through its API; for another registry's image, pull it and add --local, or pass a docker save tarball.`,
		);
	}
	const request: CheckTargetRequest = target.kind === 'task-definition' && target.file ? {...target, document: taskDefinitionDocument(target.file)} : target;
	const session = sessionFromOptions(options, io.env);
	try {
		const report = await runCheck(
			{
				...(options.image ? {image: options.image} : {}),
				...(options.local ? {local: true} : {}),
				target: request,
				layerBytes: session.layerBytes,
				...(options.failOn ? {failOn: options.failOn} : {}),
			},
			checkPortsOf(session),
		);
		if (options.junit) {
			try {
				writeFileSync(options.junit, junitReport(report));
			} catch (error) {
				throw new CannotRunError(`--junit: cannot write ${options.junit} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
			}
		}
		const annotations = io.env.GITHUB_ACTIONS === 'true' ? githubAnnotations(report) : '';
		if (options.json) {
			io.stdout.write(renderJson(report));
			// stdout is one JSON document: the workflow commands go to stderr, which the runner reads too.
			if (annotations) io.stderr.write(annotations);
		} else {
			io.stdout.write(renderCheck(report, createStyle(colorEnabled(io.env, Boolean(io.stdout.isTTY)))));
			if (annotations) io.stdout.write(annotations);
		}
		return checkExitCode(report);
	} finally {
		await session.close();
	}
}
