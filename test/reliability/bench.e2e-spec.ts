import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

describe('npm run bench -- --quick', () => {
  it('runs and writes results.json, RESULTS.md and the growth chart (no timing assertions)', () => {
    const out = 'data/tmp/bench-test';
    rmSync(out, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=4096', 'dist/bench/bench.main.js', '--quick', '--out', out],
      { stdio: 'pipe', timeout: 180_000 },
    );
    const results = JSON.parse(readFileSync(`${out}/results.json`, 'utf8'));
    expect(results).toMatchObject({ machine: { cpus: expect.any(Number) }, at: expect.any(String), mode: 'quick' });
    const names = new Set(results.figures.map((f: { name: string }) => f.name));
    for (const name of [
      'roster import',
      'chain verification',
      'dividend calculation (pure calculator)',
      'HTTP GET /api/verify/:code',
      'printing: slips to PDF',
    ]) {
      expect(names).toContain(name);
    }
    for (const f of results.figures) {
      expect(f).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          size: expect.any(Number),
          product: expect.any(Number),
          unit: expect.any(String),
          rssMb: expect.any(Number),
        }),
      );
    }
    expect(readFileSync(`${out}/RESULTS.md`, 'utf8')).toContain('| figure | size | product | baseline |');
    expect(readFileSync(`${out}/growth.svg`, 'utf8')).toMatch(/^<svg/);
    expect(existsSync(`${out}/bench.sqlite`)).toBe(true);
    rmSync(out, { recursive: true, force: true });
  }, 200_000);
});
