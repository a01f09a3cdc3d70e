/**
 * The task sizes Fargate runs (Linux, platform 1.4.0): each CPU value with the memory values
 * it allows, in MiB. Anything else is refused with "No Fargate configuration exists".
 */
const sizes: Record<number, readonly number[]> = {
	256: [512, 1024, 2048],
	512: steps(1024, 4096, 1024),
	1024: steps(2048, 8192, 1024),
	2048: steps(4096, 16_384, 1024),
	4096: steps(8192, 30_720, 1024),
	8192: steps(16_384, 61_440, 4096),
	16_384: steps(32_768, 122_880, 8192),
};

function steps(from: number, to: number, by: number): number[] {
	const values: number[] = [];
	for (let value = from; value <= to; value += by) values.push(value);
	return values;
}

/** `"1024"` or `"1 vCPU"` as CPU units; undefined when it is neither. */
export function cpuUnits(value: string): number | undefined {
	if (/^\d+$/.test(value.trim())) return Number(value);
	const match = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(value.trim());
	return match ? Number(match[1]) * 1024 : undefined;
}

/** `"2048"` or `"2 GB"` as MiB; undefined when it is neither. */
export function memoryMiB(value: string): number | undefined {
	if (/^\d+$/.test(value.trim())) return Number(value);
	const match = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(value.trim());
	return match ? Number(match[1]) * 1024 : undefined;
}

export function isFargateSize(cpu: number, memory: number): boolean {
	return sizes[cpu]?.includes(memory) ?? false;
}
