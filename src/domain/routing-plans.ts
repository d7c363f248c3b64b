/**
 * Routing plans are created by NHS Notify at onboarding (docs/nhs-notify.md); a journey names the plan it
 * wants by a logical name, and configuration maps each name to the routingPlanId of the environment.
 * The local simulator serves these plans under the fixed ids below, so the embedded default needs no setup.
 */
import type { Channel } from './channel';

export const ROUTING_PLAN_NAMES = ['nhsapp-only', 'nhsapp-then-sms', 'email-only', 'sms-only', 'letter-only', 'nhsapp-email-sms-letter'] as const;
export type RoutingPlanName = (typeof ROUTING_PLAN_NAMES)[number];

export interface RoutingPlanDefinition {
  readonly name: RoutingPlanName;
  /** The primary cascade, in order: NHS Notify falls back from one channel to the next itself. */
  readonly channels: readonly Channel[];
  /** The id the local simulator serves the plan under. Other tiers configure their own ids. */
  readonly localId: string;
  /** Opaque version string reported back in responses and callbacks ("which wording"). */
  readonly localVersion: string;
}

export const ROUTING_PLANS: Readonly<Record<RoutingPlanName, RoutingPlanDefinition>> = {
  'nhsapp-only': { name: 'nhsapp-only', channels: ['nhsapp'], localId: '4f8a1a52-0001-4c6e-9b7a-5d0a2f3b1c01', localVersion: 'local-nhsapp-v1' },
  'nhsapp-then-sms': { name: 'nhsapp-then-sms', channels: ['nhsapp', 'sms'], localId: '4f8a1a52-0002-4c6e-9b7a-5d0a2f3b1c02', localVersion: 'local-nhsapp-sms-v1' },
  'email-only': { name: 'email-only', channels: ['email'], localId: '4f8a1a52-0003-4c6e-9b7a-5d0a2f3b1c03', localVersion: 'local-email-v1' },
  'sms-only': { name: 'sms-only', channels: ['sms'], localId: '4f8a1a52-0004-4c6e-9b7a-5d0a2f3b1c04', localVersion: 'local-sms-v1' },
  'letter-only': { name: 'letter-only', channels: ['letter'], localId: '4f8a1a52-0005-4c6e-9b7a-5d0a2f3b1c05', localVersion: 'local-letter-v1' },
  'nhsapp-email-sms-letter': { name: 'nhsapp-email-sms-letter', channels: ['nhsapp', 'email', 'sms', 'letter'], localId: '4f8a1a52-0006-4c6e-9b7a-5d0a2f3b1c06', localVersion: 'local-cascade-v1' },
};
