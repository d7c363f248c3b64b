/**
 * Server-side rendering with Nunjucks and the NHS design system's own templates (nhsuk-frontend), with
 * autoescaping on. Every page gets what the layout needs: where the console is, who is signed in, which
 * optional pages this deployment has, and a fresh CSRF token bound to the session.
 */
import { dirname, join } from 'node:path';
import type { Response } from 'express';
import nunjucks from 'nunjucks';
import type { StaffMember } from './ports';

export interface PageContext {
  readonly base: string;
  readonly staff?: StaffMember;
  readonly features: { readonly patients: boolean; readonly controls: boolean };
  readonly csrfToken: string;
}

export const NHSUK_FRONTEND_DIST = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');

export type Render = (res: Response, status: number, template: string, context: PageContext & Record<string, unknown>) => void;

export function createRenderer(): Render {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([join(__dirname, 'views'), NHSUK_FRONTEND_DIST], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  );
  return (res, status, template, context) => {
    const html = env.render(`${template}.njk`, { ...context, isOps: context.staff?.roles.includes('ops') ?? false });
    res.status(status).type('html').send(html);
  };
}
