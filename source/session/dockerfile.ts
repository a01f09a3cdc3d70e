import {existsSync} from 'node:fs';
import path from 'node:path';

/** Whether a rebuild can run from `cwd`: it builds the Dockerfile there. */
export function hasDockerfile(cwd: string): boolean {
	return existsSync(path.join(cwd, 'Dockerfile'));
}
