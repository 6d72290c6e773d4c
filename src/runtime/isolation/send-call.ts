import type { SendRequest } from '../delivery/http-sender.js';

/** A webhook POST as it crosses into a worker: the pinned URL as a string (URL objects do not clone). */
export interface SendCall {
  request: Omit<SendRequest, 'target'> & { target: { url: string; address: string; family: 4 | 6 } };
  integration: string;
  /** 1-based attempt number of the delivery (connectors may use it; test connectors misbehave on the first). */
  attempt: number;
}
