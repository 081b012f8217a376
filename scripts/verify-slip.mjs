#!/usr/bin/env node
// Offline check of a slip's Merkle proof (RFC 6962 hashing), trusting nothing but this file.
// Usage: node scripts/verify-slip.mjs proof.json   (the JSON printed by GET /api/verify/CODE, or the
// same fields copied from the slip: amount, householdCode, leafIndex, runId, villageCode, year,
// treeSize, auditPath, merkleRoot). Exit code 0 when the root recomputes, 1 when it does not.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const leafHash = (text) => sha(Buffer.from([0]), Buffer.from(text, 'utf8'));
const nodeHash = (l, r) => sha(Buffer.from([1]), l, r);

export function rootFromPath(leaf, index, size, path) {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyProof(d) {
  const text = JSON.stringify({ amount: d.amount, householdCode: d.householdCode, index: d.leafIndex, runId: d.runId, villageCode: d.villageCode, year: d.year });
  const root = rootFromPath(leafHash(text), d.leafIndex, d.treeSize, d.auditPath.map((h) => Buffer.from(h, 'hex')));
  return root !== null && root.toString('hex') === d.merkleRoot;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/verify-slip.mjs proof.json');
    process.exit(2);
  }
  const proof = JSON.parse(readFileSync(file, 'utf8'));
  if (verifyProof(proof)) {
    console.log(`✔ 验算通过 OK: ${proof.villageCode} ${proof.year} ${proof.householdCode} ${proof.amount} is in run ${proof.runId} (root ${proof.merkleRoot})`);
  } else {
    console.log('✘ 验算失败 FAILED: the amount, household, path or root does not match');
    process.exit(1);
  }
}
