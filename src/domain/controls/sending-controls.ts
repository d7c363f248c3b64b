/**
 * The sending controls: the kill switch (pause sending) and dry run, each for one journey type, one cohort
 * tag or everything. Pure and plain data, so the control workflow holds it, journeys consult it before every
 * send, and the API, CLI and console describe it with the same words. The wire shape of a change, checked at
 * the edge, is in control-change-request.ts.
 *
 * A pause holds a send; a dry run lets the journey run its whole logic but the send step calls nothing.
 * When both match a journey the pause wins: "stop" must never be weakened by "pretend".
 */
import type { EpochMs } from '../durations';

export type ControlScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'journey-type'; readonly journeyType: string }
  | { readonly kind: 'cohort'; readonly cohort: string };

export type ControlMode = 'paused' | 'dry_run';

/**
 * Who changed a control, as a role from a closed list (never a name: the control history is an audit
 * trail kept in Temporal; identities live in the identity provider).
 */
export const OPS_ROLES = ['on_call_engineer', 'service_manager', 'clinical_safety_officer', 'operations', 'staff_console'] as const;
export type OpsRole = (typeof OPS_ROLES)[number];

export const CONTROL_ACTIONS = ['pause', 'resume', 'dry_run_on', 'dry_run_off'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** A control in force. */
export interface ControlRule {
  readonly mode: ControlMode;
  readonly scope: ControlScope;
  readonly role: OpsRole;
  readonly reason: string;
  readonly since: EpochMs;
}

/** One change, as recorded (also the payload of sending.paused / sending.resumed events). */
export interface ControlChange {
  readonly action: ControlAction;
  readonly scope: ControlScope;
  readonly role: OpsRole;
  readonly reason: string;
}

export interface ControlEvent extends ControlChange {
  readonly at: EpochMs;
  /** False when the change asked for what was already so (a second pause): recorded, nothing changed. */
  readonly changed: boolean;
}

export interface ControlState {
  readonly rules: readonly ControlRule[];
  /** Newest last; the control workflow keeps the last HISTORY_LIMIT (its Temporal history keeps them all). */
  readonly history: readonly ControlEvent[];
}

export const HISTORY_LIMIT = 200;

export const NO_CONTROLS: ControlState = { rules: [], history: [] };

/** What a journey may do with the send it is about to make. */
export type SendDecision =
  | { readonly kind: 'send' }
  | { readonly kind: 'hold'; readonly rule: ControlRule }
  | { readonly kind: 'dry_run'; readonly rule: ControlRule };

export interface SendSubject {
  readonly journeyType: string;
  readonly cohort?: string;
}

export function scopeCovers(scope: ControlScope, subject: SendSubject): boolean {
  switch (scope.kind) {
    case 'all': return true;
    case 'journey-type': return scope.journeyType === subject.journeyType;
    case 'cohort': return subject.cohort !== undefined && scope.cohort === subject.cohort;
  }
}

export function decideSend(state: ControlState, subject: SendSubject): SendDecision {
  const matching = (mode: ControlMode) => state.rules.find((rule) => rule.mode === mode && scopeCovers(rule.scope, subject));
  const pause = matching('paused');
  if (pause !== undefined) return { kind: 'hold', rule: pause };
  const dryRun = matching('dry_run');
  return dryRun === undefined ? { kind: 'send' } : { kind: 'dry_run', rule: dryRun };
}

export function sameScope(a: ControlScope, b: ControlScope): boolean {
  return describeScope(a) === describeScope(b);
}

/** `all`, `journey-type=appointment-reminder`, `cohort=flu-2026`: for logs, metrics labels and the CLI. */
export function describeScope(scope: ControlScope): string {
  switch (scope.kind) {
    case 'all': return 'all';
    case 'journey-type': return `journey-type=${scope.journeyType}`;
    case 'cohort': return `cohort=${scope.cohort}`;
  }
}

const MODE_OF: Readonly<Record<ControlAction, { mode: ControlMode; on: boolean }>> = {
  pause: { mode: 'paused', on: true }, resume: { mode: 'paused', on: false },
  dry_run_on: { mode: 'dry_run', on: true }, dry_run_off: { mode: 'dry_run', on: false },
};

/**
 * Applies one change. Idempotent: pausing what is paused or resuming what is not changes no rule (the event
 * is still recorded, with `changed: false`, so the audit trail shows every request). A resume lifts only the
 * pause with that exact scope: resuming one type never lifts a pause of everything.
 */
export function applyControlChange(state: ControlState, change: ControlChange, at: EpochMs): ControlState {
  const { mode, on } = MODE_OF[change.action];
  const existing = state.rules.find((rule) => rule.mode === mode && sameScope(rule.scope, change.scope));
  let rules = state.rules;
  if (on && existing === undefined) rules = [...rules, { mode, scope: change.scope, role: change.role, reason: change.reason, since: at }];
  if (!on && existing !== undefined) rules = rules.filter((rule) => rule !== existing);
  const event: ControlEvent = { ...change, at, changed: rules !== state.rules };
  return { rules, history: [...state.history, event].slice(-HISTORY_LIMIT) };
}
