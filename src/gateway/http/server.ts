/**
 * The HTTP server the gateway listens with: Node's own limits, set for a JSON API whose requests are small
 * and quick to send. Node's defaults suit file uploads (a 300 s request timeout, 60 s for headers, checked
 * every 30 s), so a client sending a body at one byte a second held a connection for five minutes. Here a
 * whole request must arrive within 15 s, headers within 10 s, the check runs every second, and at most
 * `maxConnections` sockets are open at once, so slow clients can't pile up without bound.
 */
import { createServer, type RequestListener, type Server } from 'node:http';

export interface HttpServerLimits {
  /** The whole request (headers and body) must arrive within this. */
  readonly requestTimeoutMs: number;
  /** The headers must arrive within this (≤ requestTimeoutMs). */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (longer than the slowest answer: an update waits up to 60 s). */
  readonly idleSocketTimeoutMs: number;
  /** Sockets beyond this are refused at once. */
  readonly maxConnections: number;
  /** How often Node checks the request and header deadlines. */
  readonly checkIntervalMs: number;
}

export const JSON_API_LIMITS: HttpServerLimits = {
  requestTimeoutMs: 15_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleSocketTimeoutMs: 90_000,
  maxConnections: 1_024,
  checkIntervalMs: 1_000,
};

export function createGatewayServer(app: RequestListener, limits: Partial<HttpServerLimits> = {}): Server {
  const settings = { ...JSON_API_LIMITS, ...limits };
  if (settings.headersTimeoutMs > settings.requestTimeoutMs) throw new RangeError('headersTimeoutMs must not exceed requestTimeoutMs');
  const server = createServer({
    requestTimeout: settings.requestTimeoutMs,
    headersTimeout: settings.headersTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connectionsCheckingInterval: settings.checkIntervalMs,
  }, app);
  server.maxConnections = settings.maxConnections;
  server.setTimeout(settings.idleSocketTimeoutMs, (socket) => socket.destroy());
  return server;
}

/** Listens on host:port; resolves once bound. */
export function listenGateway(app: RequestListener, host: string, port: number, limits: Partial<HttpServerLimits> = {}): Promise<Server> {
  const server = createGatewayServer(app, limits);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
