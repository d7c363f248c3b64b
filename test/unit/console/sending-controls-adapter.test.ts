import { describe, expect, it } from 'vitest';
import { applyControlChange, NO_CONTROLS, type ControlChange, type ControlState } from '../../../src/domain/controls/sending-controls';
import { consoleSendingControls } from '../../../src/console/sending-controls-adapter';
import type { SendingControlsService } from '../../../src/temporal/controls/sending-controls-service';

/** The service's state transitions are the domain's own (applyControlChange); only the Temporal round trip is faked. */
function serviceOverDomain(): SendingControlsService & { readonly changes: ControlChange[] } {
  let state: ControlState = NO_CONTROLS;
  const changes: ControlChange[] = [];
  const unused = () => Promise.reject(new Error('not used by the console'));
  return {
    changes,
    status: () => Promise.resolve(state),
    read: () => Promise.resolve(state),
    change: (change) => {
      changes.push(change);
      state = applyControlChange(state, change, 1_000 * changes.length);
      return Promise.resolve(state);
    },
    wakeHeld: unused, heldCount: unused, ensureRunning: () => Promise.resolve(),
  };
}

describe('the console over the sending controls service', () => {
  it('S14: a console pause is a journey-type control by the staff_console role; it shows on that type only, and resume lifts it', async () => {
    const service = serviceOverDomain();
    const controls = consoleSendingControls(service, ['appointment-reminder', 'screening-invitation']);
    const paused = await controls.change({ journeyType: 'appointment-reminder', control: 'paused', on: true, reason: 'wrong clinic number' });
    expect(service.changes).toEqual([{ action: 'pause', scope: { kind: 'journey-type', journeyType: 'appointment-reminder' }, role: 'staff_console', reason: 'wrong clinic number' }]);
    expect(paused.paused).toMatchObject({ on: true, reason: 'wrong clinic number', changedBy: 'staff_console' });
    expect(paused.dryRun.on).toBe(false);
    const [reminder, screening] = await controls.current();
    expect(reminder?.paused.on).toBe(true);
    expect(screening?.paused.on).toBe(false);
    await controls.change({ journeyType: 'appointment-reminder', control: 'dry_run', on: true, reason: 'rehearsal' });
    const resumed = await controls.change({ journeyType: 'appointment-reminder', control: 'paused', on: false, reason: 'fixed' });
    expect(service.changes.map((c) => c.action)).toEqual(['pause', 'dry_run_on', 'resume']);
    expect(resumed).toMatchObject({ paused: { on: false }, dryRun: { on: true, reason: 'rehearsal' } });
  });
});
