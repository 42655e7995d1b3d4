/** The shape of a server method: parameters and session in, a JSON-able result out. */
import type { Params } from '../protocol.js';
import type { Session } from '../session.js';

export type Method = (params: Params, session: Session) => unknown;
