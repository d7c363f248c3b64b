import { describe, expect, it } from 'vitest';
import { ClusterBinaryNotFoundError, ensureClusterBinaries } from '../../../src/temporal/cluster/binaries';
import {
  databaseNames, dynamicConfig, HISTORY_SHARDS, parsePostgresUrl, serverConfig, uiServerConfig, type ClusterLayout,
} from '../../../src/temporal/cluster/cluster-config';

const layout: ClusterLayout = {
  postgres: parsePostgresUrl('postgres://postgres@127.0.0.1:5432'), databasePrefix: 'nj_run_1', frontendHttpPort: 40001, metricsPort: 40002,
  ports: { frontend: { grpc: 7233, membership: 26933 }, history: { grpc: 40003, membership: 26934 }, matching: { grpc: 40004, membership: 26935 }, worker: { grpc: 40005, membership: 26939 } },
  dynamicConfigPath: '/tmp/dc.yaml', logLevel: 'warn',
};

describe('the cluster config', () => {
  it('names both databases from the prefix and refuses a prefix that is not a plain identifier', () => {
    expect(databaseNames('nj_run_1')).toEqual({ main: 'nj_run_1', visibility: 'nj_run_1_visibility' });
    for (const bad of ['', 'Upper', 'has-dash', 'x; drop database', `a${'b'.repeat(41)}`]) expect(() => databaseNames(bad), bad).toThrow(/database prefix/);
  });

  it('reads TEMPORAL_POSTGRES_URL, with a placeholder password under trust auth (the server requires one)', () => {
    expect(parsePostgresUrl('postgres://temporal:s3cret@db.internal:6432')).toEqual({ host: 'db.internal', port: 6432, user: 'temporal', password: 's3cret' });
    expect(parsePostgresUrl('postgresql://127.0.0.1')).toMatchObject({ port: 5432, user: 'postgres' });
    expect(parsePostgresUrl('postgres://postgres@127.0.0.1').password).not.toBe('');
    expect(() => parsePostgresUrl('mysql://127.0.0.1')).toThrow(/postgres/);
  });

  it('puts both stores on postgres12 in the prefixed databases, with 16 shards and the frontend where clients look for it', () => {
    const config = serverConfig(layout) as {
      persistence: { numHistoryShards: number; datastores: Record<string, { sql: { pluginName: string; databaseName: string; connectAddr: string } }> };
      services: Record<string, { rpc: { grpcPort: number; membershipPort: number; bindOnLocalHost: boolean } }>;
      clusterMetadata: { clusterInformation: { active: { rpcAddress: string } } };
      dynamicConfigClient: { filepath: string };
    };
    expect(config.persistence.numHistoryShards).toBe(HISTORY_SHARDS);
    expect(Object.values(config.persistence.datastores).map((d) => [d.sql.pluginName, d.sql.databaseName, d.sql.connectAddr]))
      .toEqual([['postgres12', 'nj_run_1', '127.0.0.1:5432'], ['postgres12', 'nj_run_1_visibility', '127.0.0.1:5432']]);
    expect(Object.keys(config.services)).toEqual(['frontend', 'history', 'matching', 'worker']);
    expect(Object.values(config.services).every((s) => s.rpc.bindOnLocalHost)).toBe(true);
    expect(config.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:7233');
    expect(config.dynamicConfigClient.filepath).toBe('/tmp/dc.yaml');
  });

  it('turns on what the dev server turns on for the project, and points the UI at the codec endpoint', () => {
    expect(Object.keys(dynamicConfig())).toEqual(expect.arrayContaining([
      'frontend.enableUpdateWorkflowExecution', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted', 'system.enableEagerWorkflowStart']));
    expect(uiServerConfig({ temporalAddress: '127.0.0.1:7233', port: 8233, codecEndpoint: 'http://localhost:3000/codec', namespace: 'default' }))
      .toMatchObject({ temporalGrpcAddress: '127.0.0.1:7233', port: 8233, codec: { endpoint: 'http://localhost:3000/codec' } });
  });
});

describe('finding the cluster binaries', () => {
  it('takes the binaries and schema named by environment variables before PATH, cache or a build', async () => {
    const env = { PATH: '', TEMPORAL_SERVER_PATH: '/bin/true', TEMPORAL_SQL_TOOL_PATH: '/bin/true', TEMPORAL_UI_SERVER_PATH: '/bin/true', TEMPORAL_SCHEMA_DIR: '/schema' };
    expect(await ensureClusterBinaries(env, () => undefined)).toEqual({ server: '/bin/true', sqlTool: '/bin/true', uiServer: '/bin/true', schemaDir: '/schema' });
  });

  it('refuses a variable that names no executable, saying which variable', async () => {
    await expect(ensureClusterBinaries({ PATH: '', TEMPORAL_SERVER_PATH: '/no/such/temporal-server' }, () => undefined))
      .rejects.toThrow(ClusterBinaryNotFoundError);
    await expect(ensureClusterBinaries({ PATH: '', TEMPORAL_SERVER_PATH: '/no/such/temporal-server' }, () => undefined)).rejects.toThrow(/TEMPORAL_SERVER_PATH/);
  });
});
