/**
 * The import boundaries are ESLint rules (eslint.config.js). Each case lints one line of code
 * as if it were a file in that folder: a rule that stopped firing would fail here. Static imports
 * are held by no-restricted-imports, dynamic import() by no-restricted-syntax.
 */
import {ESLint} from 'eslint';
import {describe, expect, it} from 'vitest';
import {root} from '../helpers/cli.js';

const eslint = new ESLint({cwd: root});

async function restricted(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(`${code}\nexport const used = value;\n`, {filePath});
	return result!.messages
		.filter(message => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax')
		.map(message => message.message);
}

const crossings: [string, string][] = [
	['source/diagnosis/x.ts', "import {value} from '@aws-sdk/client-ecs';"],
	['source/ui/x.tsx', "import {value} from '@smithy/core';"],
	['cli.tsx', "import {value} from '@aws-sdk/client-sts';"],
	['source/fixes/x.ts', "import {value} from 'execa';"],
	['source/aws/x.ts', "import {value} from 'execa';"],
	['source/output/x.ts', "import {value} from 'ink';"],
	['source/docker/x.ts', "import {value} from 'react';"],
	['source/commands/x.ts', "import {value} from 'ink-spinner';"],
	['source/diagnosis/x.ts', "import {value} from '../reading/image-reader.js';"],
	['source/diagnosis/x.ts', "import {value} from '../aws/account-port.js';"],
	['source/diagnosis/x.ts', "import {value} from '../simulator/server.js';"],
	['source/diagnosis/x.ts', "import {value} from '../output/plain.js';"],
	['source/diagnosis/x.ts', "import {value} from 'node:fs';"],
	['source/permissions/x.ts', "import {value} from '@aws-sdk/client-iam';"],
	['source/permissions/x.ts', "import {value} from '../aws/permission-check.js';"],
	['source/reading/x.ts', "import {value} from '../aws/account-port.js';"],
	['source/reading/x.ts', "import {value} from '../docker/host.js';"],
	['source/reading/x.ts', "import {value} from '../ui/app.js';"],
	['source/ui/x.tsx', "import {value} from '../aws/account-port.js';"],
	['source/ui/screens/x.tsx', "import {value} from '../../docker/host.js';"],
	['source/ui/x.tsx', "import {value} from '../simulator/demo.js';"],
	['source/ui/x.tsx', "import {value} from '../commands/run.js';"],
	['source/ui/x.tsx', "const {value} = await import('../simulator/demo.js');"],
	['source/fixes/x.ts', "const {value} = await import('@aws-sdk/client-ecs');"],
	['source/output/x.ts', "const {value} = await import('ink');"],
	['source/diagnosis/x.ts', "const {value} = await import('node:fs');"],
	['source/fixes/x.ts', "import {value} from '../docker/docker-port.js';"],
	['source/fixes/x.ts', "import {value} from '../present/words.js';"],
	['source/present/x.ts', "import {value} from '../output/text.js';"],
	['source/present/x.ts', "import {value} from '../reading/scan.js';"],
	['source/output/x.ts', "import {value} from '../ui/app.js';"],
	['source/session/x.ts', "import {value} from '../present/finding.js';"],
];

const allowed: [string, string][] = [
	['source/aws/x.ts', "import {value} from '@aws-sdk/client-ecs';"],
	['source/docker/x.ts', "import {value} from 'execa';"],
	['source/ui/x.tsx', "import {value} from 'ink';"],
	['test/unit/x.test.ts', "import {value} from '@aws-sdk/client-ecs';"],
	['source/diagnosis/x.ts', "import {value} from './verdict.js';"],
	['source/diagnosis/x.ts', "import {value} from '../ports/account.js';"],
	['source/reading/x.ts', "import {value} from '../diagnosis/verdict.js';"],
	['source/reading/x.ts', "import {value} from '../ports/account.js';"],
	['source/ui/x.tsx', "import {value} from '../session/run-fix.js';"],
	['source/commands/x.ts', "import {value} from '../ui/run-app.js';"],
	['source/session/x.ts', "const {value} = await import('../simulator/demo.js');"],
	['source/ui/x.tsx', "const {value} = await import('../session/scan.js');"],
	['source/output/x.ts', "import {value} from '../present/finding.js';"],
	['source/ui/x.tsx', "import {value} from '../present/finding.js';"],
	['source/session/x.ts', "import {value} from '../aws/account-port.js';"],
];

describe('import boundaries', () => {
	it.each(crossings)('%s may not: %s', async (filePath, code) => {
		expect(await restricted(filePath, code)).toHaveLength(1);
	});

	it.each(allowed)('%s may: %s', async (filePath, code) => {
		expect(await restricted(filePath, code)).toEqual([]);
	});
});
