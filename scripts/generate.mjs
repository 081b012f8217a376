#!/usr/bin/env node
// Deterministic bench data to files: node scripts/generate.mjs --villages 3 --households 200 --seed 7 --out data/bench/generated
// (run `npm run build` first). Writes one roster CSV, a ledger year and score events per village.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateLedgerYear, generateRoster, generateScoreEvents } from '../dist/bench/generator.js';

const { values } = parseArgs({ options: { villages: { type: 'string', default: '1' }, households: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'data/bench/generated' } } });
mkdirSync(values.out, { recursive: true });
for (let v = 0; v < Number(values.villages); v++) {
  const code = `G${String(v + 1).padStart(3, '0')}`;
  const seed = Number(values.seed) * 1000 + v;
  const roster = generateRoster(code, Number(values.households), seed);
  writeFileSync(join(values.out, `${code}-roster.csv`), roster.rosterCsv);
  writeFileSync(join(values.out, `${code}-ledger.json`), JSON.stringify(generateLedgerYear(2025, Number(values.households), seed)));
  const ids = Array.from({ length: roster.households }, (_, i) => `${code}${String(i + 1).padStart(6, '0')}`);
  writeFileSync(join(values.out, `${code}-score-events.json`), JSON.stringify(generateScoreEvents(ids, 2025, 10, seed)));
  console.log(`${code}: ${roster.households} households, ${roster.members} members`);
}
