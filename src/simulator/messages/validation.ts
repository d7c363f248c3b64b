/**
 * Validation of POST /v1/messages bodies in the live proxy's order (docs/nhs-notify.md §8.3,
 * `Messages.Create.Validate.js`): parse, data, data.type, attributes, routingPlanId, messageReference,
 * recipient (nhsNumber), originator (odsCode), personalisation. Errors accumulate across sibling fields,
 * never inside an object that was itself invalid, up to 100. Contact-detail type checks are the
 * backend's and run only once the proxy checks pass.
 */
import type { Errors } from './validation-checks';
import { checkConstant, checkNhsNumber, checkObject, checkOdsCode, checkString, checkUuid, invalid, isObject } from './validation-checks';

/** What the simulator keeps of one message: never the contact details or personalisation values. */
export interface MessageItem {
  readonly messageReference: string;
  readonly nhsNumber: string | undefined;
  readonly hasContactDetails: boolean;
  readonly odsCode: string | undefined;
  readonly personalisationKeys: readonly string[];
}

export interface ParsedMessage extends MessageItem { readonly routingPlanId: string }

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: Errors };

export function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** recipient, originator and personalisation: shared by single messages and batch items. */
export function checkMessageParts(errors: Errors, item: Record<string, unknown>, base: string): void {
  if (checkObject(errors, item.recipient, `${base}/recipient`)) {
    checkNhsNumber(errors, item.recipient.nhsNumber, `${base}/recipient/nhsNumber`);
  }
  if (item.originator !== undefined && checkObject(errors, item.originator, `${base}/originator`)) {
    checkOdsCode(errors, item.originator.odsCode, `${base}/originator/odsCode`);
  }
  if (item.personalisation !== undefined) checkObject(errors, item.personalisation, `${base}/personalisation`);
}

const NAME_PARTS = ['prefix', 'firstName', 'middleNames', 'lastName', 'suffix'] as const;

/** The backend's contact-detail checks (§3, and the sandbox's custom details). */
export function contactDetailErrors(item: Record<string, unknown>, base: string): Errors {
  const errors: Errors = [];
  const recipient = item.recipient as Record<string, unknown>;
  const details = recipient.contactDetails;
  const at = `${base}/recipient/contactDetails`;
  if (details === undefined) return errors;
  if (!isObject(details)) return [invalid(at)];
  for (const field of ['sms', 'email'] as const) {
    if (details[field] !== undefined && typeof details[field] !== 'string') errors.push(invalid(`${at}/${field}`, `'${field}' is not a string`));
  }
  const address = details.address;
  if (address !== undefined) {
    if (!isObject(address)) errors.push(invalid(`${at}/address`));
    else {
      const lines = address.lines;
      if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) errors.push(invalid(`${at}/address/lines`, "'lines' is not a string array"));
      else if (lines.length > 5) errors.push(invalid(`${at}/address/lines`, 'Too many address lines were provided'));
      if (typeof address.postcode !== 'string') errors.push(invalid(`${at}/address/postcode`, "'postcode' is not a string"));
    }
  }
  const name = details.name;
  if (name !== undefined) {
    if (!isObject(name)) errors.push(invalid(`${at}/name`));
    else for (const part of NAME_PARTS) {
      if (name[part] !== undefined && typeof name[part] !== 'string') errors.push(invalid(`${at}/name/${part}`, `'${part}' is not a string`));
    }
  }
  return errors;
}

/** Call only on an item that passed checkMessageParts. */
export function toMessageItem(item: Record<string, unknown>): MessageItem {
  const recipient = item.recipient as Record<string, unknown>;
  const originator = item.originator as Record<string, unknown> | undefined;
  const personalisation = item.personalisation as Record<string, unknown> | undefined;
  return {
    messageReference: item.messageReference as string,
    nhsNumber: recipient.nhsNumber as string | undefined,
    hasContactDetails: recipient.contactDetails !== undefined,
    odsCode: originator?.odsCode as string | undefined,
    personalisationKeys: Object.keys(personalisation ?? {}),
  };
}

export function validateMessageRequest(raw: Buffer): Validated<ParsedMessage> {
  const parsed = parseJson(raw);
  if (!parsed.ok) return { ok: false, errors: [invalid('/')] };
  const errors: Errors = [];
  const body: Record<string, unknown> = isObject(parsed.value) ? parsed.value : {};
  const data = body.data;
  if (checkObject(errors, data, '/data')) {
    checkConstant(errors, data.type, '/data/type', 'Message');
    const attributes = data.attributes;
    if (checkObject(errors, attributes, '/data/attributes')) {
      checkUuid(errors, attributes.routingPlanId, '/data/attributes/routingPlanId');
      checkString(errors, attributes.messageReference, '/data/attributes/messageReference');
      checkMessageParts(errors, attributes, '/data/attributes');
      if (errors.length === 0) errors.push(...contactDetailErrors(attributes, '/data/attributes'));
      if (errors.length === 0) {
        return { ok: true, value: { ...toMessageItem(attributes), routingPlanId: attributes.routingPlanId as string } };
      }
    }
  }
  return { ok: false, errors: errors.slice(0, 100) };
}
