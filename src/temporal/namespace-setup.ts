/**
 * The namespace and the custom search attributes every journey writes. A namespace without them accepts a
 * connection but refuses every journey start, so readiness checks them (readiness.ts), the local tier and
 * `npm run temporal:cluster` register what is missing, and nothing else in the project writes them.
 */
import { ServiceError, type Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTES } from '../../workflows/common/search-attributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const INDEXED_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

type Services = Pick<Connection, 'workflowService' | 'operatorService'>;

/** The project's search attributes this namespace does not have yet (names only: they carry no patient data). */
export async function missingSearchAttributes(connection: Services, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return SEARCH_ATTRIBUTES.filter((key) => customAttributes?.[key.name] === undefined).map((key) => key.name);
}

/** Registers the missing ones; returns what it added. Idempotent, so racing processes are harmless. */
export async function registerSearchAttributes(connection: Services, namespace: string): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace);
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(SEARCH_ATTRIBUTES.filter((key) => missing.includes(key.name))
    .map((key) => [key.name, INDEXED_TYPES[key.type] ?? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    // Another process registered them between our list and our add.
    if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
  }
  return missing;
}

/** Creates the namespace unless it exists. A new cluster holds only `temporal-system`. */
export async function ensureNamespace(connection: Services, namespace: string, retentionDays = 3): Promise<'created' | 'existed'> {
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
    return 'created';
  } catch (error) {
    if (error instanceof Error && /already exists/i.test(`${error.message} ${(error as ServiceError & { details?: string }).details ?? ''}`)) return 'existed';
    throw error;
  }
}

/**
 * Waits until the namespace answers the operator API (a namespace just registered is not in every cache at
 * once: adding attributes straight away fails with "Namespace … is not found"), then registers the attributes.
 */
export async function prepareNamespace(connection: Services, namespace: string, timeoutMs = 60_000): Promise<{ namespace: 'created' | 'existed'; added: string[] }> {
  const created = await ensureNamespace(connection, namespace);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return { namespace: created, added: await registerSearchAttributes(connection, namespace) };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
