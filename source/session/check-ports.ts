import {localDocker} from '../docker/docker-port.js';
import type {CheckPorts} from '../reading/check-image.js';
import type {Session} from './session.js';

/** What `check` reads through: the session's account, opened only when asked, and docker (the simulated Mac's in the built-in account). */
export function checkPortsOf(session: Session): CheckPorts {
	return {
		account: async () => (await session.connect()).account,
		docker: async () => (session.builtIn ? (await session.connect()).fix.docker : localDocker),
	};
}
