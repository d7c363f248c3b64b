import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain';
import { bytesToBase32, bytesToHex, hmacSha256Bytes, sha256Hex } from '../../../src/domain/hashing/digest';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('hashing primitives (known-answer vectors)', () => {
  it('HMAC-SHA256 gives GitHub\'s published webhook vector', () => {
    expect(bytesToHex(hmacSha256Bytes("It's a Secret to Everybody", 'Hello, World!')))
      .toBe('757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('SHA-256 of "abc" is the FIPS 180-2 vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('base32 follows the RFC 4648 §10 test vectors (lowercase, unpadded)', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'my'], ['fo', 'mzxq'], ['foo', 'mzxw6'], ['foob', 'mzxw6yq'], ['fooba', 'mzxw6ytb'], ['foobar', 'mzxw6ytboi']];
    for (const [input, expected] of vectors) expect(bytesToBase32(utf8(input))).toBe(expected);
  });

  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson(['é', '\u2028'])).toBe(JSON.stringify(['é', '\u2028']));
  });
});
