import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing, NotifyAuthConfigError, parseKeyFileSpecs } from '../../../src/notify';
import { aTestKey } from './support/builders';

describe('signing key ring', () => {
  it('A4: rotation: add the new kid, use it, then remove the old one; the JWKS follows', async () => {
    const [oldKey, newKey] = await Promise.all([aTestKey('kid-old'), aTestKey('kid-new')]);
    const ring = createKeyRing([oldKey.source]);
    ring.add(newKey.source);
    expect(ring.toPublicJwks().keys.map((k) => k.kid)).toEqual(['kid-old', 'kid-new']);
    expect(ring.activeKid()).toBe('kid-old');
    ring.use('kid-new');
    expect(ring.active().kid).toBe('kid-new');
    ring.remove('kid-old');
    expect(ring.kids()).toEqual(['kid-new']);
    expect(() => ring.remove('kid-new')).toThrow(/active signing key/);
    expect(() => ring.use('kid-old')).toThrow(NotifyAuthConfigError);
  });

  it('refuses unusable keys with errors that name the kid and never include key material', async () => {
    const good = await aTestKey('ok');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cases: [string, () => unknown, RegExp][] = [
      ['not a PEM', () => createKeyRing([{ kid: 'a', pem: 'garbage' }]), /signing key a: not a PEM private key/],
      ['EC key', () => createKeyRing([{ kid: 'ec', pem: ec }]), /must be an RSA key/],
      ['1024-bit RSA', () => createKeyRing([{ kid: 'small', pem: small }]), /at least 2048 bits/],
      ['missing file', () => createKeyRing([{ kid: 'f', path: '/nonexistent/key.pem' }]), /could not be read/],
      ['empty ring', () => createKeyRing([]), /empty/],
      ['unknown active kid', () => createKeyRing([good.source], 'nope'), /active kid nope/],
      ['duplicate kid', () => createKeyRing([good.source, good.source]), /already/],
      ['bad kid', () => createKeyRing([{ kid: 'has space', pem: good.source.pem }]), /kid must be/],
    ];
    for (const [, make, message] of cases) {
      let thrown: unknown;
      try { make(); } catch (err) { thrown = err; }
      expect(thrown).toBeInstanceOf(NotifyAuthConfigError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toMatch(/BEGIN|PRIVATE/);
    }
  });

  it('parses kid=path specs from repeated flags or a comma-separated variable', () => {
    expect(parseKeyFileSpecs(['a=/k/a.pem,b=/k/b.pem', ' c=/k/c.pem '])).toEqual([
      { kid: 'a', path: '/k/a.pem' }, { kid: 'b', path: '/k/b.pem' }, { kid: 'c', path: '/k/c.pem' },
    ]);
    expect(() => parseKeyFileSpecs(['nokid'])).toThrow(NotifyAuthConfigError);
    expect(() => parseKeyFileSpecs(['a='])).toThrow(NotifyAuthConfigError);
  });
});
