/**
 * Port checks before we start anything, so a taken port is a clear message naming the variable that moves it,
 * instead of a server dying half-way through start-up.
 */
import { createServer } from 'node:net';

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly purpose: string, readonly variable: string) {
    super(`Port ${port} (${purpose}) is already in use on this machine. Stop whatever holds it, or set ${variable} to another port.`);
    this.name = 'PortInUseError';
  }
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function assertPortFree(port: number, purpose: string, variable: string, host = '127.0.0.1'): Promise<void> {
  if (!(await isPortFree(port, host))) throw new PortInUseError(port, purpose, variable);
}

/** An ephemeral port the OS says is free now (tests and benchmarks; a small race is acceptable there). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
