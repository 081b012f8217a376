import multipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { registerTextChecks } from './common/text-checks.js';
import { jsonTextProblems } from './common/text.js';
import { registerSecurityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import { serveCachedVerifications } from './dividends/verify.fast-lane.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
export const JSON_DEPTH_MAX = 32;

function badJson(message: string | string[]): Error {
  const messages = Array.isArray(message) ? message : [message];
  return Object.assign(new Error(messages.join('; ')), { statusCode: 400, messages });
}

/**
 * JSON bodies: every string and key well-formed text (common/text.ts), nesting deeper than 32 levels (which
 * would overflow the validators' recursion) and prototype-pollution keys are refused with 400 before any
 * handler sees them.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        i++;
      } // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > JSON_DEPTH_MAX) {
        throw badJson(`请求体嵌套过深（最多 ${JSON_DEPTH_MAX} 层） / JSON nested deeper than ${JSON_DEPTH_MAX} levels`);
      }
    } else if (c === 125 || c === 93) depth--;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value) => {
      if (
        key === '__proto__' ||
        (key === 'constructor' && value && typeof value === 'object' && 'prototype' in value)
      ) {
        throw badJson(`请求体含有不允许的字段 ${key} / forbidden key ${key}`);
      }
      return value;
    });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode) throw error;
    throw badJson(`请求体不是合法的 JSON / malformed JSON body: ${(error as Error).message}`);
  }
  const textProblems = jsonTextProblems(parsed);
  if (textProblems.length) throw badJson(textProblems);
  return parsed;
}
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export function createAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    trustProxy: false,
  });
}

/** Pipes, filters, headers and plugins: shared by main.ts and the tests, so tests see what users see. */
export interface SetupOptions {
  /** The Swagger UI's static files load @fastify/static by dynamic import, which Jest's VM cannot. */
  swaggerUi?: boolean;
}

export async function configureApp(app: NestFastifyApplication, options: SetupOptions = {}): Promise<void> {
  app.setGlobalPrefix('api', { exclude: ['/', 'v/:code', 'web', 'web/assets/:file'] as never });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  // first: a cached verify answer skips every later hook (it carries the same headers itself)
  serveCachedVerifications(app);
  registerSecurityHeaders(app.getHttpAdapter().getInstance());
  await app.register(multipart as never, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });
  registerBodyChecks(app.getHttpAdapter().getInstance());
  redirectWebSlash(app.getHttpAdapter().getInstance());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('集体经济分红账本 API').setVersion('1').addBearerAuth().build(),
  );
  // Tests check /api/docs-json without the UI (see SetupOptions.swaggerUi).
  SwaggerModule.setup('api/docs', app, document, { swaggerUiEnabled: options.swaggerUi ?? true });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `http://192.168.1.10:3000/web/` as typed in a village office: the interface lives at /web (no 404 page). */
function redirectWebSlash(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && /^\/web\/(\?|$)/.test(request.url)) {
      return reply.redirect(`/web${request.url.slice('/web/'.length)}`, 302);
    }
  });
}

/** Writes are JSON (or multipart uploads): anything else is 415, before any handler runs; text is checked. */
function registerBodyChecks(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (!WRITE_METHODS.has(request.method)) return done();
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = String(request.headers['content-type'] ?? '');
    if (hasBody && !/^application\/json\b/i.test(type) && !/^multipart\/form-data\b/i.test(type)) {
      // answered here: a callback hook that replies does not call done
      reply.code(415).send({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: '请求体须为 JSON（application/json） / the body must be application/json',
      });
      return;
    }
    done();
  });
  registerTextChecks(fastify);
}
