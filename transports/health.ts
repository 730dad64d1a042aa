/**
 * Health endpoints for load balancers and orchestrators (Kubernetes probes), on a network
 * listener that has them turned on: GET or HEAD of /healthz answers 200 while the listener
 * serves (liveness); /readyz answers 200 while the gateway takes new sessions and 503 with the
 * reason while it does not (stopping, failed, full), so traffic goes to another replica.
 *
 * They hold no data and change nothing, so they are answered before the Host, Origin and
 * authentication checks and are not journaled: a kubelet probes every few seconds, with the
 * pod's IP as Host and no credentials.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthProbe {
  /** Why no new session can be taken now; undefined while one can. */
  unready(): string | undefined;
}

export const HEALTH_PATHS: readonly string[] = ['/healthz', '/readyz'];

export interface HealthAnswer {
  status: number;
  headers: Record<string, string>;
  /** Empty for HEAD. */
  body: string;
}

/** The answer to a health request, or undefined when `target` is not a health path. */
export function healthAnswer(method: string | undefined, target: string | undefined, probe: HealthProbe): HealthAnswer | undefined {
  const path = pathOf(target);
  if (!HEALTH_PATHS.includes(path)) return undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'application/json' }, body: '{"status":"method_not_allowed"}' };
  }
  const reason = path === '/readyz' ? probe.unready() : undefined;
  const body = JSON.stringify(reason === undefined ? { status: 'ok' } : { status: 'unavailable', reason });
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) };
  return { status: reason === undefined ? 200 : 503, headers, body: method === 'HEAD' ? '' : body };
}

/** Answers `req` when it is a health request and `probe` is set; says whether it did. */
export function servedHealth(req: IncomingMessage, res: ServerResponse, probe: HealthProbe | undefined): boolean {
  const answer = probe && healthAnswer(req.method, req.url, probe);
  if (!answer) return false;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
  return true;
}

function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://path.invalid').pathname;
  } catch {
    return '';
  }
}
