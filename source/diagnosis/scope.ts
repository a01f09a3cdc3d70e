/** What a scan looks at and over which time. */
export type ScanScope = {
	readonly since: Date;
	readonly until: Date;
	readonly cluster?: string;
	readonly service?: string;
	readonly appRunnerService?: string;
	readonly lambdaFunction?: string;
};

export function includesEcs(scope: ScanScope): boolean {
	return (scope.appRunnerService === undefined && scope.lambdaFunction === undefined) || scope.cluster !== undefined || scope.service !== undefined;
}

export function includesAppRunner(scope: ScanScope): boolean {
	return scope.cluster === undefined && scope.service === undefined && (scope.lambdaFunction === undefined || scope.appRunnerService !== undefined);
}

export function includesLambda(scope: ScanScope): boolean {
	return scope.cluster === undefined && scope.service === undefined && (scope.appRunnerService === undefined || scope.lambdaFunction !== undefined);
}

/** A scan narrowed to named workloads searches only their log groups, not every /ecs/ group. */
export function isNarrowed(scope: ScanScope): boolean {
	return scope.cluster !== undefined || scope.service !== undefined || scope.appRunnerService !== undefined || scope.lambdaFunction !== undefined;
}

export function withinWindow(scope: ScanScope, time: Date | number | undefined): boolean {
	if (time === undefined) return false;
	const value = typeof time === 'number' ? time : time.getTime();
	return value >= scope.since.getTime() && value <= scope.until.getTime();
}
