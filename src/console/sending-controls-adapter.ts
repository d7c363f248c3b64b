/**
 * The console's sending-controls port over the service's one controls module (the same one the API's
 * /v1/controls/sending and `npx notify-journeys sending …` call). The console works per journey type; the control
 * history records the console as the role `staff_console`, since it keeps roles, never names.
 */
import { sameScope, type ControlAction, type ControlRule, type ControlScope, type ControlState } from '../domain/controls/sending-controls';
import type { SendingControlsService } from '../temporal/controls/sending-controls-service';
import type { JourneyTypeControls, SendingControls, SwitchChange, SwitchState } from './ports';

const typeScope = (journeyType: string): ControlScope => ({ kind: 'journey-type', journeyType });

function switchState(state: ControlState, journeyType: string, mode: ControlRule['mode']): SwitchState {
  const rule = state.rules.find((r) => r.mode === mode && sameScope(r.scope, typeScope(journeyType)));
  return rule === undefined ? { on: false } : { on: true, reason: rule.reason, changedBy: rule.role, changedAt: rule.since };
}

function controlsOf(state: ControlState, journeyType: string): JourneyTypeControls {
  return { journeyType, paused: switchState(state, journeyType, 'paused'), dryRun: switchState(state, journeyType, 'dry_run') };
}

function actionOf(change: SwitchChange): ControlAction {
  if (change.control === 'paused') return change.on ? 'pause' : 'resume';
  return change.on ? 'dry_run_on' : 'dry_run_off';
}

export function consoleSendingControls(service: SendingControlsService, journeyTypes: readonly string[]): SendingControls {
  return {
    async current() {
      const state = await service.status();
      return journeyTypes.map((type) => controlsOf(state, type));
    },
    async change(change) {
      const state = await service.change({
        action: actionOf(change), scope: typeScope(change.journeyType), role: 'staff_console', reason: change.reason,
      });
      return controlsOf(state, change.journeyType);
    },
  };
}
