import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator';
import { aMessage, makeKey, postToken, sendMessage, signAssertion, API_KEY } from './support';

/** Starts `npm run simulator`'s entry point on an ephemeral port and waits for it to print its URLs. */
function startCli(args: string[]): Promise<{ child: ChildProcess; baseUrl: string; tokenUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/simulator.ts', '--port', '0', ...args], { cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: 'silent' } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const base = /API base URL : (\S+)/.exec(out)?.[1];
      const token = /token URL {4}: (\S+)/.exec(out)?.[1];
      if (base !== undefined && token !== undefined) {
        clearTimeout(timer);
        resolve({ child, baseUrl: base, tokenUrl: token });
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited early (${code}): ${out}`)));
  });
}

describe('npm run simulator (src/cli/simulator.ts)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('prints its URLs, requires signed-JWT auth with --jwks-file, writes the ledger file, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const key = await makeKey();
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [key.publicJwk] }));
    const ledgerFile = join(dir, 'ledger.jsonl');
    const started = await startCli(['--jwks-file', join(dir, 'jwks.json'), '--api-key', API_KEY, '--ledger-file', ledgerFile, '--fast']);
    child = started.child;
    const sim = { baseUrl: started.baseUrl, tokenUrl: started.tokenUrl } as RunningSimulator;

    expect((await sendMessage(sim, undefined, aMessage())).status).toBe(401);
    const token = await postToken(sim, await signAssertion(key, sim.tokenUrl));
    expect(token.status).toBe(200);
    const body = aMessage();
    expect((await sendMessage(sim, token.body.access_token as string, body)).status).toBe(201);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = readFileSync(ledgerFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; messageReference?: string });
    expect(lines[0]).toMatchObject({ event: 'accepted', messageReference: body.data.attributes.messageReference });
    expect(readFileSync(ledgerFile, 'utf8')).not.toContain(body.data.attributes.recipient.nhsNumber);
  });

  it('--sandbox answers like NHS\'s sandbox: open access, a trigger plan gives its error, a repeated reference is accepted again', async () => {
    const started = await startCli(['--sandbox']);
    child = started.child;
    const sim = { baseUrl: started.baseUrl, tokenUrl: started.tokenUrl } as RunningSimulator;
    const body = aMessage({ routingPlanId: 'b838b13c-f98c-4def-93f0-515d4e4f4ee1' });
    expect((await sendMessage(sim, undefined, body)).status).toBe(201);
    expect((await sendMessage(sim, undefined, body)).status).toBe(201);
    const misconfigured = await sendMessage(sim, undefined, aMessage({ routingPlanId: 'c8857ccf-06ec-483f-9b3a-7fc732d9ad48' }));
    expect(misconfigured.status).toBe(500);
    expect(misconfigured.body.errors[0]).toMatchObject({ code: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', source: { pointer: '/data/attributes/routingPlanId' } });
  });
});
