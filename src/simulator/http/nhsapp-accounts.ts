/**
 * GET /comms/channels/nhsapp/accounts?ods-organisation-code=…&page=… (docs/nhs-notify.md §6): the NHS App
 * users registered at a GP practice, paged, with NHS's sandbox data and errors. The ODS code is not case
 * sensitive. `T00001` has 8 pages; `T00404`, `T00429` and `T00502` answer 404, 429 and 502; any other well-
 * formed code has one page of two accounts. `links.next` is left out on the last page. The checks run in the
 * sandbox backend's order: missing code, the trigger codes, the code's format, then the page number.
 */
import { nhsCheckDigit } from '../../domain/nhs-number';
import type { ErrorSpec } from './errors';

const ODS_CODE = /^[A-Za-z]\d{5}$|^[A-Za-z]\d[A-Za-z]\d[A-Za-z]$/;
const PAGED_ODS_CODE = 'T00001';
const PAGED_PAGES = 8;
const ACCOUNTS_PER_PAGE = 10;

const TRIGGERS: Readonly<Record<string, ErrorSpec>> = {
  T00404: { key: 'CM_NOT_FOUND', detail: 'Report not found' },
  T00429: { key: 'CM_QUOTA', detail: 'This endpoint is currently receiving a high volume of requests and is being rate limited.' },
  T00502: { key: 'CM_BAD_GATEWAY' },
};

const REPORT_NOT_FOUND: ErrorSpec = { key: 'CM_NOT_FOUND', detail: 'Report not found' };
const invalidRequest = (detail: string): ErrorSpec => ({ key: 'CM_INVALID_REQUEST', detail });

export interface NhsAppAccount { readonly nhsNumber: string; readonly notificationsEnabled: boolean }

export interface NhsAppAccountsBody {
  readonly data: { readonly id: string; readonly type: 'NhsAppAccounts'; readonly attributes: { readonly accounts: readonly NhsAppAccount[] } };
  readonly links: { readonly self: string; readonly last: string; readonly next?: string };
}

export type AccountsAnswer = { readonly ok: true; readonly body: NhsAppAccountsBody } | { readonly ok: false; readonly error: ErrorSpec };

/** The single page every other ODS code gets (NHS's sandbox data). */
const DEFAULT_ACCOUNTS: readonly NhsAppAccount[] = [
  { nhsNumber: '9074662803', notificationsEnabled: true },
  { nhsNumber: '9903002157', notificationsEnabled: false },
];

/** Valid NHS numbers in the 999 test range, ten a page (20 candidate stems hold at least ten); every third has notifications off. */
function pagedAccounts(page: number): NhsAppAccount[] {
  const accounts: NhsAppAccount[] = [];
  const first = 999_999_001 + (page - 1) * 20;
  for (let stem = first; stem < first + 20 && accounts.length < ACCOUNTS_PER_PAGE; stem += 1) {
    const check = nhsCheckDigit(String(stem));
    if (check !== undefined) accounts.push({ nhsNumber: `${stem}${check}`, notificationsEnabled: accounts.length % 3 !== 2 });
  }
  return accounts;
}

function queryValue(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** `endpointUrl` is the absolute URL of this endpoint on the host the client called (the links point back at it). */
export function nhsAppAccounts(query: Record<string, unknown>, endpointUrl: string): AccountsAnswer {
  const raw = queryValue(query['ods-organisation-code']);
  if (raw === undefined || raw === '') return { ok: false, error: invalidRequest('Missing ODS Code') };
  const odsCode = raw.toUpperCase();
  const trigger = TRIGGERS[odsCode];
  if (trigger !== undefined) return { ok: false, error: trigger };
  if (!ODS_CODE.test(odsCode) && odsCode !== 'X26') return { ok: false, error: invalidRequest('Invalid ODS Code') };

  const pageText = queryValue(query.page);
  const page = pageText === undefined || pageText === '' ? 1 : Number(pageText);
  if (Number.isNaN(page) || page <= 0) return { ok: false, error: invalidRequest('page must be a positive non-zero integer') };
  const pages = odsCode === PAGED_ODS_CODE ? PAGED_PAGES : 1;
  if (!Number.isInteger(page) || page > pages) return { ok: false, error: REPORT_NOT_FOUND };

  const link = (n: number): string => `${endpointUrl}?ods-organisation-code=${odsCode}&page=${n}`;
  const accounts = pages === 1 ? DEFAULT_ACCOUNTS : pagedAccounts(page);
  return {
    ok: true,
    body: {
      data: { id: odsCode, type: 'NhsAppAccounts', attributes: { accounts } },
      links: { self: link(page), last: link(pages), ...(page < pages ? { next: link(page + 1) } : {}) },
    },
  };
}
