import { describe, expect, it } from 'vitest';
import * as wire from '../../../src/contracts/nhs-notify/wire';
import {
  applyStatusEvent, CHANNEL_STATUSES, emptyMessageState, MESSAGE_STATUSES, statusEventFromCallback, SUPPLIER_STATUSES,
} from '../../../src/domain';

// Shaped like NHS Notify's published callback examples (docs/nhs-notify.md); parsed with the shared wire schema first, as the gateway does.
const body = {
  data: [
    {
      type: 'ChannelStatus',
      attributes: {
        messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: '1642109b-69eb-447f-8f97-ab70a74f5db4',
        cascadeType: 'primary', cascadeOrder: 1, channel: 'nhsapp', channelStatus: 'failed',
        channelStatusDescription: 'Failed reason: Not registered with NHS App', channelFailureReasonCode: 'CFR_SUPE_0001',
        supplierStatus: 'unnotified', timestamp: '2023-11-17T14:27:50.000Z', retryCount: 1,
      },
      links: { message: '/v1/message-batches/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzM' },
      meta: { idempotencyKey: 'c6f6d1a0e4b1d2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1' },
    },
    {
      type: 'MessageStatus',
      attributes: {
        messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: '1642109b-69eb-447f-8f97-ab70a74f5db4',
        messageStatus: 'failed', messageStatusDescription: 'Failed reason: Contact detail is missing',
        messageFailureReasonCode: 'MFR_PDSV_0002', channels: [{ type: 'nhsapp', channelStatus: 'failed' }],
        timestamp: '2023-11-17T14:27:51.413Z',
        routingPlan: { id: 'b838b13c-f98c-4def-93f0-515d4e4f4ee1', name: 'Plan Abc', version: 'ztoe2qRAM8M8vS0bqajhyEBcvXacrGPp', createdDate: '2023-11-17T14:27:51.413Z' },
      },
      links: { message: 'https://api.service.nhs.uk/comms/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzM' },
      meta: { idempotencyKey: '2515ae6b3a08339fba3534f3b17cd57cd573c57d25b25b9aae08e42dc9f0a445' },
    },
  ],
};

describe('status events from NHS Notify callbacks', () => {
  it('domain status vocabularies equal the wire schema ones (no drift between the copies)', () => {
    expect(MESSAGE_STATUSES).toEqual(wire.MESSAGE_STATUSES);
    expect(CHANNEL_STATUSES).toEqual(wire.CHANNEL_STATUSES);
    expect(SUPPLIER_STATUSES).toEqual(wire.SUPPLIER_STATUSES);
  });

  it('maps wire-parsed callback items to plain events the reducer folds', () => {
    const parsed = wire.CallbackBody.parse(body);
    const events = parsed.data.map(statusEventFromCallback);
    expect(events[0]).toEqual({
      kind: 'channel', messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: '1642109b-69eb-447f-8f97-ab70a74f5db4',
      channel: 'nhsapp', status: 'failed', supplierStatus: 'unnotified', timestamp: Date.parse('2023-11-17T14:27:50.000Z'),
      idempotencyKey: body.data[0]!.meta.idempotencyKey, cascadeOrder: 1, retryCount: 1,
      failureCode: 'CFR_SUPE_0001', description: 'Failed reason: Not registered with NHS App',
    });
    expect(events[1]).toMatchObject({
      kind: 'message', status: 'failed', failureCode: 'MFR_PDSV_0002', routingPlan: { id: 'b838b13c-f98c-4def-93f0-515d4e4f4ee1', version: 'ztoe2qRAM8M8vS0bqajhyEBcvXacrGPp' },
      channels: [{ channel: 'nhsapp', status: 'failed' }],
    });
    // Plain data: survives a JSON round trip (Temporal signal payloads) unchanged.
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    let state = emptyMessageState('1642109b-69eb-447f-8f97-ab70a74f5db4');
    for (const event of events) state = applyStatusEvent(state, event).state;
    expect(state).toMatchObject({ status: 'failed', failureCode: 'MFR_PDSV_0002', channels: { nhsapp: { status: 'failed', failureCode: 'CFR_SUPE_0001' } } });
  });
});
