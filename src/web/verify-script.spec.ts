import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { fenToYuan } from '../common/money.js';
import { buildPayoutProofs } from '../dividends/payout-proof.js';

interface VerifyApi {
  sha256(bytes: Uint8Array): ArrayBuffer;
  leafHash(text: string): Promise<Uint8Array>;
  rootFromPath(leaf: Uint8Array, index: number, size: number, path: Uint8Array[]): Promise<Uint8Array | null>;
  leafBytes(d: Record<string, unknown>): string;
  hex(buf: Uint8Array): string;
  unhex(h: string): Uint8Array;
}

/** verify.js as a page without crypto.subtle sees it (plain http by a LAN address: not a secure context). */
function loadWithoutSubtle(): VerifyApi {
  const window: { crypto: object; verifySlipProof?: VerifyApi } = { crypto: {} };
  runInNewContext(readFileSync(new URL('./assets/verify.js', import.meta.url), 'utf8'), {
    window,
    document: { addEventListener: () => undefined },
    TextEncoder,
  });
  return window.verifySlipProof!;
}

describe('verify.js without WebCrypto', () => {
  const api = loadWithoutSubtle();
  const node = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const js = (bytes: Uint8Array) => Buffer.from(api.sha256(bytes)).toString('hex');

  it('its SHA-256 equals node:crypto at every length around the block boundaries (0–300 bytes)', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(length);
      expect(js(bytes)).toBe(node(bytes));
    }
    expect(js(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(js(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('checks every payout of a 37-leaf tree built by the server, and refuses a changed amount', async () => {
    const run = { runId: '0b6f3c4e-1d2a-4f5b-8c9d-0e1f2a3b4c5d', villageCode: 'BYHD', year: 2021 };
    const payouts = Array.from({ length: 37 }, (_, i) => ({
      householdCode: `BYHD${String(i + 1).padStart(3, '0')}`,
      amountFen: 50_000 + i * 137,
    }));
    const built = buildPayoutProofs(run, payouts);
    for (const proof of built.proofs) {
      const fields = { ...run, householdCode: proof.householdCode, leafIndex: proof.index };
      const path = built.pathOf(proof.index).map(api.unhex);
      const root = async (amount: string) =>
        api.rootFromPath(await api.leafHash(api.leafBytes({ ...fields, amount })), proof.index, built.size, path);
      expect(api.hex((await root(fenToYuan(proof.amountFen)))!)).toBe(built.root);
      expect(api.hex((await root('1.00'))!)).not.toBe(built.root);
    }
  });
});
