/**
 * The one logger (P5). Every module logs through this, so redaction happens at a single choke point:
 * secrets, tokens, signatures and any patient data are censored before a line is written.
 * pino writes one JSON object per line and escapes control characters, so a value holding "\r\n"
 * cannot forge a second log line (P4).
 */
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

const SENSITIVE_KEYS = [
  'authorization', 'x-api-key', 'x-hmac-sha256-signature', 'cookie', 'set-cookie',
  'client_assertion', 'access_token', 'accessToken', 'apiKey', 'privateKey', 'secret', 'password', 'token',
  'personalisation', 'recipient', 'nhsNumber', 'contactDetails', 'email', 'sms', 'phone', 'address', 'name',
  'dateOfBirth', 'body', 'rawBody',
];

/** Redact the key wherever it appears up to three levels deep (pino paths need explicit depth). */
export const REDACT_PATHS: string[] = SENSITIVE_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? '' : '.';
  const nested = [`*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`];
  // A top-level `name` is pino's logger name, not a person's: only nested `name` fields are redacted.
  return key === 'name' ? nested : [k, ...nested];
});

export interface LoggerOptions {
  readonly level?: string;
  readonly name?: string;
  /** Tests pass a destination to capture lines; production writes to stdout. */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'notify-journeys',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'notify-journeys' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** The process-wide logger. Modules take a logger by injection where they can, and fall back to this. */
export const rootLogger: Logger = createLogger();
