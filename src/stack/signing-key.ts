/** A fresh RS512 signing key from jose for the local simulator's token endpoint: made per run, never stored. */
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';

export async function aSigningKey(kid = `journeys-${Math.random().toString(36).slice(2, 10)}`): Promise<{ source: { kid: string; pem: string }; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true });
  return {
    source: { kid, pem: await exportPKCS8(privateKey) },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS512', use: 'sig' },
  };
}
