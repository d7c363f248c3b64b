/**
 * Loads a proto3-JSON history file (as `temporal workflow show -o json` writes it) into a History object.
 *
 * Why not `historyFromJSON` from @temporalio/common: in this install npm left two copies of protobufjs 8
 * (one under @temporalio/common, one under @temporalio/proto), and protojson's `instanceof Type` check fails
 * across copies ("type must be a Type"). Using the protojson of the copy the proto types were built with
 * gives the same result the SDK helper would.
 */
import { dirname } from 'node:path';
import type * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type FromJson = (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => unknown;

const protoDir = dirname(require.resolve('@temporalio/proto/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fromJson } = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as { fromJson: FromJson };
// The CommonJS module object itself (an ESM namespace wrapper is not a protobuf root).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protoRoot = require('@temporalio/proto') as typeof proto;
const historyType = (patchProtobufRoot(protoRoot) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function historyFromFile(json: unknown): proto.temporal.api.history.v1.History {
  const history = fromJson(historyType, json, { ignoreUnknownFields: true });
  if (history === null || typeof history !== 'object') throw new TypeError('not a history');
  return history as proto.temporal.api.history.v1.History;
}
