/** Response shapes of /v1/webhooks for /openapi.json (requests are the domain's own zod schemas). */
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/events';

export const WebhookSubscriptionSchema = z.object({
  id: z.string(), url: z.string(), eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)), journeyTypes: z.array(z.string()).optional(),
  system: z.string().optional(), source: z.enum(['config', 'api']), createdAt: z.string(), secretCount: z.number().int(),
  disabled: z.object({ reason: z.string(), at: z.string() }).optional(),
});

export const WebhookDeliverySchema = z.object({
  deliveryId: z.string(), eventType: z.string().optional(), webhookId: z.string().optional(),
  status: z.enum(['pending', 'delivered', 'gone', 'skipped', 'failed']), attempts: z.number().int(), lastErrorCode: z.string().optional(),
  startedAt: z.string(), closedAt: z.string().optional(),
});
