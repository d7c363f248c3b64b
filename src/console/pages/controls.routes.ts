/** The operating switches (role `ops` only): pause a journey type, or run it dry, with a reason, who and when. */
import { Router } from 'express';
import { z } from 'zod';
import type { SendingControls, SendingSwitch } from '../ports';
import { opsRoleText } from '../../domain/staff/wording';
import { journeyTypeName, when } from './format';
import type { PageRenderer } from './page';

const ChangeForm = z.object({
  journeyType: z.string().regex(/^[a-z0-9-]{1,64}$/),
  control: z.enum(['paused', 'dry_run']),
  on: z.enum(['true', 'false']).transform((v) => v === 'true'),
  reason: z.string().trim().min(1, 'Enter a reason').max(200, 'Reason must be 200 characters or fewer'),
});

const LABELS: Readonly<Record<SendingSwitch, { label: string; on: string; off: string }>> = {
  paused: { label: 'Sending paused', on: 'Pause sending', off: 'Resume sending' },
  dry_run: { label: 'Dry run', on: 'Switch on dry run', off: 'Switch off dry run' },
};

export function controlsRoutes(controls: SendingControls, page: PageRenderer): Router {
  const router = Router();
  const show = async (req: Parameters<PageRenderer>[0], res: Parameters<PageRenderer>[1], status: number, extra: Record<string, unknown>) => {
    const current = await controls.current();
    page(req, res, status, 'controls', {
      title: 'Sending controls', section: 'controls', fieldErrors: {}, ...extra,
      controls: current.map((c) => ({
        journeyType: c.journeyType, name: journeyTypeName(c.journeyType),
        switches: (['paused', 'dry_run'] as const).map((control) => {
          const state = control === 'paused' ? c.paused : c.dryRun;
          const words = LABELS[control];
          return {
            control, id: `reason-${c.journeyType}-${control}`, on: state.on, label: words.label, action: state.on ? words.off : words.on,
            detail: state.changedAt === undefined ? undefined
              : `Changed ${when(state.changedAt)}${state.changedBy === undefined ? '' : ` by ${opsRoleText(state.changedBy)}`}${state.reason === undefined ? '' : `: ${state.reason}`}`,
          };
        }),
      })),
    });
  };

  router.get('/controls', (req, res) => show(req, res, 200, {}));
  router.post('/controls', async (req, res) => {
    const form = ChangeForm.safeParse(req.body ?? {});
    if (!form.success) {
      const body = (req.body ?? {}) as Record<string, string>;
      const id = `reason-${body.journeyType}-${body.control}`;
      const message = form.error.issues.find((i) => i.path[0] === 'reason')?.message ?? 'Choose a control from the list';
      return show(req, res, 400, { fieldErrors: { [id]: message }, errors: [{ text: message, href: `#${id}` }] });
    }
    const changed = await controls.change(form.data);
    const state = form.data.control === 'paused' ? changed.paused : changed.dryRun;
    await show(req, res, 200, { notice: `${journeyTypeName(changed.journeyType)}: ${LABELS[form.data.control].label.toLowerCase()} is now ${state.on ? 'on' : 'off'}.` });
  });
  return router;
}
