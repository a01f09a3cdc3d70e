import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {codeDocPath, type FindingCode} from './diagnosis/codes.js';

/** The package's root: the bundle is dist/cli.js, the sources are source/*.ts; docs/ is beside both. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The page of a finding code on this machine (docs/codes/ ships with the package). */
export function codeDocFile(code: FindingCode): string {
	return path.join(root, codeDocPath(code));
}
