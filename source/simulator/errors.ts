/** An error the simulated service answers with, as AWS would: wire code, message, HTTP status. */
export class SimError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

export const invalidParameter = (message: string) => new SimError('InvalidParameterException', message);
export const clientException = (message: string) => new SimError('ClientException', message);
