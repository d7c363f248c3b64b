import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/simulator/faults/faults';

describe('FaultController', () => {
  it('a counted rule fires for exactly the next N matching requests, then is gone', () => {
    const faults = new FaultController();
    faults.status(503, { count: 2 });
    expect(faults.take('status', 'messages')?.status).toBe(503);
    expect(faults.take('status', 'getMessage')?.status).toBe(503);
    expect(faults.take('status', 'messages')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('routes: comms covers every /comms route but not the token endpoint; token outage defaults to token', () => {
    const faults = new FaultController();
    faults.status(500);
    expect(faults.take('status', 'token')).toBeUndefined();
    expect(faults.take('status', 'batches')).toBeDefined();
    faults.tokenOutage();
    expect(faults.take('tokenOutage', 'messages')).toBeUndefined();
    expect(faults.take('tokenOutage', 'token')?.status).toBe(503);
    faults.clear();
    faults.latency(5, { route: 'any' });
    expect(faults.take('latency', 'token')).toBeDefined();
    expect(faults.take('latency', 'callbacks')).toBeUndefined();
  });

  it('accept faults default to the messages route and callback faults to callbacks', () => {
    const faults = new FaultController();
    faults.acceptThenDrop();
    faults.duplicateCallbacks();
    expect(faults.take('acceptThenDrop', 'batches')).toBeUndefined();
    expect(faults.take('acceptThenDrop', 'messages')).toBeDefined();
    expect(faults.take('duplicateCallbacks', 'callbacks')?.copies).toBe(2);
  });

  it('latency rules add up; every injection is reported', () => {
    const faults = new FaultController();
    let injected = 0;
    faults.onInjected = () => { injected += 1; };
    faults.latency(10);
    faults.latency(20, { count: 1 });
    expect(faults.takeAll('latency', 'messages').reduce((s, r) => s + r.ms, 0)).toBe(30);
    expect(faults.takeAll('latency', 'messages').reduce((s, r) => s + r.ms, 0)).toBe(10);
    expect(injected).toBe(3);
  });

  it('rate is a probability per matching request', () => {
    const faults = new FaultController();
    faults.status(500, { rate: 0.5 });
    let hits = 0;
    for (let i = 0; i < 2_000; i += 1) if (faults.take('status', 'messages') !== undefined) hits += 1;
    expect(hits).toBeGreaterThan(850);
    expect(hits).toBeLessThan(1_150);
  });

  it('validates rules and replaces a rule with the same id', () => {
    const faults = new FaultController();
    expect(() => faults.add({ kind: 'status', status: 200 })).toThrow();
    expect(() => faults.add({ kind: 'redirect', location: 'not a url' })).toThrow();
    faults.add({ kind: 'latency', ms: 1, id: 'a' });
    faults.add({ kind: 'latency', ms: 2, id: 'a' });
    expect(faults.list()).toMatchObject([{ id: 'a', ms: 2 }]);
    expect(faults.remove('a')).toBe(true);
    expect(faults.remove('a')).toBe(false);
  });
});
