// Offline check of a payout's Merkle proof in the browser (WebCrypto): no trust in the server needed.
(function () {
  'use strict';
  const enc = new TextEncoder();
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
  // Browsers give crypto.subtle to secure contexts only: a page opened over plain http by a LAN address
  // (http://192.168.1.10:3000/v/…) hashes with the SHA-256 below (FIPS 180-4) instead.
  const subtle = window.crypto && window.crypto.subtle;
  const sha = (bytes) => (subtle ? subtle.digest('SHA-256', bytes) : Promise.resolve(sha256(bytes)));
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const ror = (x, n) => (x >>> n) | (x << (32 - n));
  function sha256(bytes) {
    const length = bytes.length;
    const size = Math.ceil((length + 9) / 64) * 64;
    const m = new Uint8Array(size);
    m.set(bytes);
    m[length] = 0x80;
    const view = new DataView(m.buffer);
    view.setUint32(size - 8, Math.floor(length / 0x20000000)); // the bit length, big-endian, in two words
    view.setUint32(size - 4, (length * 8) >>> 0);
    const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const W = new Uint32Array(64);
    for (let off = 0; off < size; off += 64) {
      for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const x = W[i - 15], y = W[i - 2];
        W[i] = W[i - 16] + (ror(x, 7) ^ ror(x, 18) ^ (x >>> 3)) + W[i - 7] + (ror(y, 17) ^ ror(y, 19) ^ (y >>> 10));
      }
      let [a, b, c, d, e, f, g, h] = H;
      for (let i = 0; i < 64; i++) {
        const t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    const out = new DataView(new ArrayBuffer(32));
    for (let i = 0; i < 8; i++) out.setUint32(i * 4, H[i]);
    return out.buffer;
  }
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0;
    for (const p of parts) { out.set(p, i); i += p.length; }
    return out;
  };
  async function leafHash(text) { return new Uint8Array(await sha(concat(new Uint8Array([0]), enc.encode(text)))); }
  async function nodeHash(l, r) { return new Uint8Array(await sha(concat(new Uint8Array([1]), l, r))); }
  // RFC 9162 §2.1.3.2
  async function rootFromPath(leaf, index, size, path) {
    if (index >= size) return null;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of path) {
      if (sn === 0) return null;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }
  function leafBytes(d) {
    // canonical JSON: keys sorted, no whitespace
    return JSON.stringify({ amount: d.amount, householdCode: d.householdCode, index: d.leafIndex, runId: d.runId, villageCode: d.villageCode, year: d.year });
  }
  async function check() {
    // the proof rides in a data attribute: the page has no inline script of any kind
    const out = document.getElementById('offline-result');
    if (!out || !out.dataset.proof) return;
    try {
      const d = JSON.parse(out.dataset.proof);
      const leaf = await leafHash(leafBytes(d));
      const root = await rootFromPath(leaf, d.leafIndex, d.treeSize, d.auditPath.map(unhex));
      const ok = root !== null && hex(root) === d.merkleRoot;
      out.textContent = ok ? '✔ 浏览器本地验算通过：金额与户号包含在该分红方案的默克尔根中' : '✘ 本地验算失败：数据可能被篡改';
      out.className = ok ? 'ok' : 'bad';
      out.dataset.result = ok ? 'ok' : 'bad';
    } catch (e) {
      out.textContent = '✘ 本地验算失败：' + e.message;
      out.className = 'bad';
      out.dataset.result = 'bad';
    }
  }
  window.verifySlipProof = { leafHash, rootFromPath, leafBytes, hex, unhex, sha256 };
  document.addEventListener('DOMContentLoaded', check);
})();
