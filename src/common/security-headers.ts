import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Village offices open the server over plain http by a LAN address (http://192.168.1.10:3000/web): nothing
 * here may assume https. No upgrade-insecure-requests (it rewrote the scripts to https and the UI never
 * loaded). HSTS, and COOP and Origin-Agent-Cluster (which Chromium ignores with a console error or warning on
 * an http origin other than localhost), only on a direct TLS connection: trustProxy is off, a TLS proxy sends
 * its own.
 */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      // the printouts carry their CSS inline (they are also opened as blob: documents); scripts never are
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xFrameOptions: { action: 'deny' },
};

const TLS_ONLY: ReadonlyArray<readonly [string, string]> = [
  ['strict-transport-security', 'max-age=31536000'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
];

/**
 * helmet's headers for these options, computed once: helmet() turns its options into header values on each
 * call, and @fastify/helmet called it on every request (a tenth of a cached verify answer's time).
 */
function helmetHeaders(options: HelmetOptions): Array<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.push([name.toLowerCase(), String(value)]),
    removeHeader: () => undefined,
  };
  helmet(options)({} as never, recorder as never, () => undefined);
  return headers;
}

const OVER_HTTP = helmetHeaders(HELMET_OPTIONS);
const OVER_TLS = [...OVER_HTTP, ...TLS_ONLY];

/** The security headers of every answer, as [name, value] pairs, by the connection's protocol. */
export function securityHeaders(protocol: string): ReadonlyArray<readonly [string, string]> {
  return protocol === 'https' ? OVER_TLS : OVER_HTTP;
}

/** Sets them on every response before any handler runs (on the raw response: streamed answers get them too). */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const headers = securityHeaders(request.protocol);
    for (let i = 0; i < headers.length; i++) reply.raw.setHeader(headers[i][0], headers[i][1]);
    done();
  });
}
