// node-pg-migrate ships its types under package "exports", which this project's `moduleResolution: node` does not
// read; this names the one function we call, as the package documents it.
declare module 'node-pg-migrate' {
  import type { ClientBase } from 'pg';
  export function runner(options: {
    readonly dbClient: ClientBase;
    readonly dir: string;
    readonly direction: 'up' | 'down';
    readonly migrationsTable: string;
    readonly checkOrder?: boolean;
    readonly noLock?: boolean;
    readonly log?: (message: string) => void;
  }): Promise<unknown[]>;
}
