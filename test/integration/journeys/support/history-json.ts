/**
 * Loads a proto3-JSON history file (as `temporal workflow show -o json` writes it) into a History object,
 * with the SDK's own converter. (protobufjs 8 is a direct dependency so npm installs one shared copy: with
 * several copies, protojson's `instanceof Type` check fails with "type must be a Type".)
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type * as proto from '@temporalio/proto';

export function historyFromFile(json: unknown): proto.temporal.api.history.v1.IHistory {
  return historyFromJSON(json);
}
