/**
 * The admin API under /_admin (JSON), the HTTP twin of the programmatic API, for a simulator running in
 * another process (`npm run simulator`, chaos scripts): faults, ledger, counters, reset, and JWKS updates.
 * Not part of NHS Notify; never behind faults. It can read the ledger and rewrite faults and keys, so it answers
 * loopback callers only (403 otherwise, even when the simulator listens on another interface), and when an admin
 * token is set (`--admin-token`, SIMULATOR_ADMIN_TOKEN) every call must carry `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { FaultRuleInput } from '../faults/fault-rules';
import type { SimulatorState } from '../state/state';

const ApplicationInput = z.object({
  apiKey: z.string().min(1),
  applicationId: z.string().min(1),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
  jwksUrl: z.string().url().optional(),
});
const JwksInput = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: 'invalid_admin_request', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}

export interface AdminHooks {
  /** Clears everything test-visible: ledger, messages, dedupe keys, counters, faults, pending callbacks (not tokens). */
  reset(): void;
  /** When set, every admin call needs `Authorization: Bearer <adminToken>`. */
  readonly adminToken?: string;
}

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** 403 unless the caller is on loopback; 401 unless it presents the admin token (when one is set), compared in constant time. */
export function adminAccess(adminToken: string | undefined): RequestHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return (req, res, next) => {
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return void res.status(403).json({ error: 'admin_loopback_only' });
    if (expected !== undefined) {
      const presented = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="simulator-admin"');
        return void res.status(401).json({ error: 'admin_token_required' });
      }
    }
    next();
  };
}

export function adminRoutes(state: SimulatorState, hooks: AdminHooks): Router {
  const router = Router();
  router.use(adminAccess(hooks.adminToken));
  router.use(express.json({ limit: '1mb' }));

  router.get('/ledger', (_req, res) => {
    res.json(state.ledger.toJSON());
  });
  router.get('/counters', (_req, res) => {
    res.json({ ...state.counters });
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: state.faults.list() });
  });
  router.post('/faults', (req: Request, res: Response) => {
    const parsed = z.union([FaultRuleInput, z.array(FaultRuleInput)]).safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const rules = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    res.status(201).json({ faults: rules.map((rule) => state.faults.add(rule)) });
  });
  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.status(204).end();
  });
  router.delete('/faults/:id', (req, res) => {
    res.status(state.faults.remove(req.params.id) ? 204 : 404).end();
  });
  router.post('/reset', (_req, res) => {
    hooks.reset();
    res.status(204).end();
  });
  router.post('/applications', (req, res) => {
    const parsed = ApplicationInput.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    state.registry.register(parsed.data);
    res.status(201).json({ apiKey: parsed.data.apiKey, applicationId: parsed.data.applicationId });
  });
  router.put('/applications/:apiKey/jwks', (req, res) => {
    const parsed = JwksInput.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    if (state.registry.byApiKey(req.params.apiKey) === undefined) return void res.status(404).json({ error: 'unknown_application' });
    state.registry.setJwks(req.params.apiKey, parsed.data);
    res.status(204).end();
  });
  return router;
}
