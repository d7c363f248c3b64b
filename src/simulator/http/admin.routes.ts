/**
 * The admin API under /_admin (JSON), the HTTP twin of the programmatic API, for a simulator running in
 * another process (`npm run simulator`, chaos scripts): faults, ledger, counters, reset, and JWKS updates.
 * Not part of NHS Notify; never behind faults.
 */
import express, { Router, type Request, type Response } from 'express';
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
}

export function adminRoutes(state: SimulatorState, hooks: AdminHooks): Router {
  const router = Router();
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
