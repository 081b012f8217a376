import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonTextProblems } from './text.js';

function isEmpty(value: unknown): boolean {
  if (!value) return true;
  for (const key in value as object) if (Object.hasOwn(value as object, key)) return false;
  return true;
}

function problemsOf(request: FastifyRequest): string[] {
  const query = isEmpty(request.query) ? [] : jsonTextProblems(request.query);
  const params = isEmpty(request.params) ? [] : jsonTextProblems(request.params);
  return params.length ? [...query, ...params.map((message) => `path ${message}`)] : query;
}

/**
 * Query strings and path parameters pass the same text check as JSON bodies (parseJsonBody applies it
 * there), before any guard or handler sees them: a NUL or a lone surrogate is a 400 naming the field.
 */
export function registerTextChecks(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, reply, done) => {
    const problems = problemsOf(request);
    if (!problems.length) return done();
    // answered here: a callback hook that replies does not call done
    reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: problems });
  });
}
