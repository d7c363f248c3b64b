/**
 * A TCP proxy between the engine and Temporal's frontend, for chaos runs (R5, and "Temporal down" for a
 * cluster the runner cannot kill). `freeze()` stops forwarding in both directions while every connection
 * stays open (a partition: packets vanish, nothing is reset); `reject()` resets every connection and refuses
 * new ones (the server is gone); `pass()` restores normal forwarding.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'freeze' | 'reject';

export interface TcpProxy {
  /** host:port the engine connects to. */
  readonly address: string;
  mode(): ProxyMode;
  pass(): void;
  freeze(): void;
  reject(): void;
  close(): Promise<void>;
}

interface Pair { readonly client: Socket; readonly upstream: Socket }

export async function startTcpProxy(target: string, host = '127.0.0.1'): Promise<TcpProxy> {
  const [targetHost, targetPort] = splitAddress(target);
  let current: ProxyMode = 'pass';
  const pairs = new Set<Pair>();

  const server: Server = createServer((client) => {
    if (current === 'reject') return void client.destroy();
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => { pairs.delete(pair); client.destroy(); upstream.destroy(); };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    if (current === 'freeze') { client.pause(); upstream.pause(); }
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as AddressInfo;

  // pipe() resumes a paused source when the destination drains, so a freeze unpipes as well as pauses.
  const halt = (pair: Pair) => { pair.client.unpipe(pair.upstream); pair.upstream.unpipe(pair.client); pair.client.pause(); pair.upstream.pause(); };
  const flow = (pair: Pair) => { pair.client.pipe(pair.upstream); pair.upstream.pipe(pair.client); };

  return {
    address: `${host}:${port}`,
    mode: () => current,
    pass() { if (current === 'freeze') for (const pair of pairs) flow(pair); current = 'pass'; },
    freeze() { current = 'freeze'; for (const pair of pairs) halt(pair); },
    reject() { current = 'reject'; for (const pair of [...pairs]) { pair.client.destroy(); pair.upstream.destroy(); } },
    close: () => new Promise<void>((resolve) => {
      for (const pair of pairs) { pair.client.destroy(); pair.upstream.destroy(); }
      server.close(() => resolve());
    }),
  };
}

export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon).replace(/^\[|\]$/g, ''), Number(address.slice(colon + 1))];
}
