// Offline check of a payout's Merkle proof in the browser (WebCrypto): no trust in the server needed.
(function () {
  'use strict';
  const enc = new TextEncoder();
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
  const sha = (bytes) => crypto.subtle.digest('SHA-256', bytes);
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
    const node = document.getElementById('proof');
    const out = document.getElementById('offline-result');
    if (!node || !out) return;
    try {
      const d = JSON.parse(node.textContent);
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
  window.verifySlipProof = { leafHash, rootFromPath, leafBytes, hex, unhex };
  document.addEventListener('DOMContentLoaded', check);
})();
