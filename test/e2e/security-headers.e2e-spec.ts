import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { createTestApp, TestApp } from '../support/test-app.js';

const CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join(';');

/** Every security header helmet can send, present or not. */
const NAMES = [
  'content-security-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-powered-by',
  'x-xss-protection',
];
const security = (headers: Record<string, string>) =>
  Object.fromEntries(NAMES.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));

/** What a plain-http request gets: no HSTS, no upgrade, no header Chromium ignores on an untrustworthy origin. */
const OVER_HTTP = {
  'content-security-policy': CSP,
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security headers over plain http (e2e)', () => {
  let t: TestApp;
  let r: Awaited<ReturnType<typeof postedFlatRun>>;
  beforeAll(async () => {
    t = await createTestApp();
    r = await postedFlatRun(new Factory(t), [2, 1], '900.00');
  });
  afterAll(() => t.close());

  it('GET /web and GET /v/CODE: strict CSP with script-src self, no upgrade-insecure-requests, no HSTS', async () => {
    const web = await t.http.get('/web').set('host', '192.168.1.10:3000');
    expect(web.status).toBe(200);
    expect(security(web.headers)).toEqual(OVER_HTTP);
    const verify = await t.http.get(`/v/${r.run.payouts[0].verificationCode}`).set('host', 'village.lan:3000');
    expect(verify.status).toBe(200);
    expect(security(verify.headers)).toEqual(OVER_HTTP);
    expect(verify.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(verify.headers['strict-transport-security']).toBeUndefined();
  });

  it('/web/ as typed in a village office redirects to /web, with the same headers', async () => {
    for (const [url, location] of [
      ['/web/', '/web'],
      ['/web/?from=lan', '/web?from=lan'],
    ]) {
      const res = await t.http.get(url).set('host', '192.168.1.10:3000').redirects(0);
      expect([url, res.status, res.headers.location]).toEqual([url, 302, location]);
      expect(security(res.headers)).toEqual(OVER_HTTP);
    }
    expect((await t.http.get('/web/').redirects(1)).text).toBe((await t.http.get('/web')).text);
    expect((await t.http.get('/web/x')).status).toBe(404);
  });

  it('the same headers on the API, a slip, a script, a refused request and an unknown path', async () => {
    const responses = [
      await t.http.get('/web/assets/print.js'),
      await t.as(r.cadre.token).get(`/api/dividend-runs/${r.runId}/slips/${r.households[0].id}`),
      await t.http.get('/api/auth/me'),
      await t.http.post('/api/auth/login').set('content-type', 'text/plain').send('x'),
      await t.http.get('/v/AAAA-AAAA-AAAA-AAAA'),
      await t.http.get('/no/such/path'),
    ];
    expect(responses.map((res) => res.status)).toEqual([200, 200, 401, 415, 404, 404]);
    for (const res of responses) expect(security(res.headers)).toEqual(OVER_HTTP);
  });

  it('no HTML the server sends has an inline handler or an inline script; scripts come from /web/assets', async () => {
    // (the client's page, /web, is checked below: its script is a module)
    const V = `/api/villages/${r.v}`;
    const entry = (await t.as(r.auditor.token).get(`${V}/journal`)).body.items[0].id;
    const rules = [{ code: 'WS', name: '卫生', category: '环境', minPoints: -5, maxPoints: 5 }];
    expect((await t.as(r.cadre.token).post(`${V}/score-rulesets`).send({ year: 2021, rules })).status).toBe(201);
    const staffPages = [
      `/api/dividend-runs/${r.runId}/slips/${r.households[1].id}`,
      `/api/dividend-runs/${r.runId}/notice`,
      `${V}/households/${r.households[0].id}/certificate?format=html`,
      `${V}/journal/${entry}/voucher?format=html`,
      `${V}/books/bank?format=html`,
      `${V}/scorecards?year=2021&format=html`,
    ];
    const pages = [
      (await t.http.get(`/v/${r.run.payouts[1].verificationCode}`)).text,
      (await t.http.get('/v/AAAA-AAAA-AAAA-AAAA')).text,
    ];
    for (const url of staffPages) {
      const res = await t.as(r.auditor.token).get(url);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 200, 'text/html; charset=utf-8']);
      pages.push(res.text);
    }
    for (const html of pages) {
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/javascript:/i);
      for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        expect(tag).toMatch(/^<script src="\/web\/assets\/[a-z-]+\.js"><\/script>$/);
      }
    }
    expect(pages[2]).toContain('<button type="button" data-action="print">打印</button>');
    expect(pages[2]).toContain('<script src="/web/assets/print.js"></script>');
  });

  it('the web client (Vite build) and its source page have no inline handler or inline script', async () => {
    const sources = [
      readFileSync(new URL('../../src/web/client/index.html', import.meta.url), 'utf8'),
      (await t.http.get('/web')).text,
    ];
    for (const text of sources) {
      expect(text).not.toMatch(/\son[a-z]+\s*=/i);
      for (const tag of text.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        // a module loaded from 'self': /src/main.ts in the source, /web/assets/index-HASH.js once built
        expect(tag).toMatch(
          /^<script type="module" (crossorigin )?src="(\/src\/main\.ts|\/web\/assets\/[A-Za-z0-9_-]+\.js)"><\/script>$/,
        );
      }
    }
    expect(readdirSync(new URL('../../src/web/assets/', import.meta.url)).sort()).toEqual(['print.js', 'verify.js']);
  });
});

/** The same app, its requests accepting the test's self-signed certificate (for the factories). */
function trustingSelfSigned(t: TestApp): TestApp {
  return new (class extends TestApp {
    override get http() {
      const agent = super.http;
      return {
        get: (url: string) => agent.get(url).disableTLSCerts(),
        post: (url: string) => agent.post(url).disableTLSCerts(),
        patch: (url: string) => agent.patch(url).disableTLSCerts(),
        delete: (url: string) => agent.delete(url).disableTLSCerts(),
      } as unknown as TestApp['http'];
    }
  })(t.app, t.clock, async () => undefined);
}

describe('security headers over a direct TLS connection (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const https = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    t = await createTestApp({ adapter: new FastifyAdapter({ https, trustProxy: false }) });
  });
  afterAll(() => t.close());

  it('adds HSTS, COOP and Origin-Agent-Cluster; the CSP is the same', async () => {
    const res = await t.http.get('/web').disableTLSCerts();
    expect(res.status).toBe(200);
    expect(security(res.headers)).toEqual({
      ...OVER_HTTP,
      'strict-transport-security': 'max-age=31536000',
      'cross-origin-opener-policy': 'same-origin',
      'origin-agent-cluster': '?1',
    });
  });

  it('a cached verify answer (the fast lane) carries the same TLS headers as the controller', async () => {
    const { run } = await postedFlatRun(new Factory(trustingSelfSigned(t)), [1], '100.00');
    const path = `/api/verify/${run.payouts[0].verificationCode}`;
    const first = await t.http.get(path).disableTLSCerts(); // a miss: the controller fills the cache
    const cached = await t.http.get(path).disableTLSCerts();
    expect([first.status, cached.status, cached.text]).toEqual([200, 200, first.text]);
    expect(security(cached.headers)).toEqual({
      ...OVER_HTTP,
      'strict-transport-security': 'max-age=31536000',
      'cross-origin-opener-policy': 'same-origin',
      'origin-agent-cluster': '?1',
    });
    expect(security(first.headers)).toEqual(security(cached.headers));
  });

  it('a forwarded proto does not count: trustProxy is off', async () => {
    const plain = await createTestApp();
    try {
      const res = await plain.http.get('/web').set('x-forwarded-proto', 'https');
      expect(security(res.headers)).toEqual(OVER_HTTP);
    } finally {
      await plain.close();
    }
  });
});
