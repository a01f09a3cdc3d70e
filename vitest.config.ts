import {availableParallelism} from 'node:os';
import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/setup.ts'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// The files mostly wait on sockets and child processes, not the CPU: vitest's default of one
		// worker per core minus one ran them one by one on a 2-core machine (76 s); four took 21 s.
		maxWorkers: Math.min(8, 2 * availableParallelism()),
	},
});
