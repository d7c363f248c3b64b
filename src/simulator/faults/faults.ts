/**
 * FaultController: the live set of fault rules, shared by the programmatic API (`sim.faults`) and the
 * admin HTTP API. `take` is how the server asks "does a fault of this kind hit this request?": it applies
 * the rule's rate, counts it down and removes it when spent.
 */
import { randomUUID } from 'node:crypto';
import { defaultRoute, FaultRuleInput, routeMatches, type FaultKind, type FaultOf, type FaultRoute, type FaultRule, type MalformedVariant } from './fault-rules';

export type { FaultKind, FaultRoute, FaultRule } from './fault-rules';
export { FaultRuleInput } from './fault-rules';

type Opts = { id?: string; route?: FaultRoute; count?: number; rate?: number };

export class FaultController {
  private rules: FaultRule[] = [];
  /** Incremented every time a fault hits; the server mirrors it into counters.faultsInjected. */
  onInjected: (rule: FaultRule) => void = () => undefined;

  /** Adds a rule (validated; throws a ZodError on a bad one) and returns it with its id. */
  add(input: FaultRuleInput): FaultRule {
    const parsed = FaultRuleInput.parse(input);
    const rule = { ...parsed, id: parsed.id ?? randomUUID(), route: parsed.route ?? defaultRoute(parsed.kind), remaining: parsed.count } as FaultRule;
    this.rules = this.rules.filter((r) => r.id !== rule.id).concat(rule);
    return { ...rule };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first live rule of `kind` for `route`, consumed once; undefined when none hits this time. */
  take<K extends FaultKind>(kind: K, route: FaultRoute): FaultOf<K> | undefined {
    const rule = this.rules.find((r) => this.hits(r, kind, route));
    if (rule === undefined) return undefined;
    this.consume(rule);
    return rule as FaultOf<K>;
  }

  /** Every live rule of `kind` that hits this request (latency rules add up). */
  takeAll<K extends FaultKind>(kind: K, route: FaultRoute): Array<FaultOf<K>> {
    const hits = this.rules.filter((r) => this.hits(r, kind, route));
    hits.forEach((r) => this.consume(r));
    return hits as Array<FaultOf<K>>;
  }

  private hits(rule: FaultRule, kind: FaultKind, route: FaultRoute): boolean {
    if (rule.kind !== kind || !routeMatches(rule.route, route)) return false;
    return rule.rate === undefined || Math.random() < rule.rate;
  }

  private consume(rule: FaultRule): void {
    if (rule.remaining !== undefined) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.remove(rule.id);
    }
    this.onInjected(rule);
  }

  // Shorthands for tests. Each returns the rule; `count` limits it to the next N matching requests.
  latency(ms: number, opts: Opts = {}): FaultRule { return this.add({ kind: 'latency', ms, ...opts }); }
  status(status: number, opts: Opts & { retryAfterSeconds?: number } = {}): FaultRule { return this.add({ kind: 'status', status, ...opts }); }
  quota(opts: Opts & { retryAfterSeconds?: number } = {}): FaultRule { return this.add({ kind: 'quota', ...opts }); }
  tooEarly(opts: Opts & { retryAfterSeconds?: number } = {}): FaultRule { return this.add({ kind: 'tooEarly', ...opts }); }
  hang(opts: Opts = {}): FaultRule { return this.add({ kind: 'hang', ...opts }); }
  slowBody(opts: Opts & { byteEveryMs?: number } = {}): FaultRule { return this.add({ kind: 'slowBody', ...opts }); }
  acceptThenDrop(opts: Opts = {}): FaultRule { return this.add({ kind: 'acceptThenDrop', ...opts }); }
  acceptThenDelay(ms: number, opts: Opts & { holdInProgress?: boolean } = {}): FaultRule { return this.add({ kind: 'acceptThenDelay', ms, ...opts }); }
  malformed(variant: MalformedVariant = 'truncatedJson', opts: Opts = {}): FaultRule { return this.add({ kind: 'malformed', variant, ...opts }); }
  tokenOutage(opts: Opts & { status?: number } = {}): FaultRule { return this.add({ kind: 'tokenOutage', ...opts }); }
  redirect(location: string, opts: Opts & { status?: 307 | 308 } = {}): FaultRule { return this.add({ kind: 'redirect', location, ...opts }); }
  dropCallbacks(opts: Opts = {}): FaultRule { return this.add({ kind: 'dropCallbacks', ...opts }); }
  duplicateCallbacks(opts: Opts & { copies?: number } = {}): FaultRule { return this.add({ kind: 'duplicateCallbacks', ...opts }); }
  reorderCallbacks(delayMs: number, opts: Opts = {}): FaultRule { return this.add({ kind: 'reorderCallbacks', delayMs, ...opts }); }
}
