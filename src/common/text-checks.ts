import type { FastifyInstance } from 'fastify';
import { jsonTextProblems } from './text.js';

/**
 * Query strings and path parameters pass the same text check as JSON bodies (parseJsonBody applies it
 * there), before any guard or handler sees them: a NUL or a lone surrogate is a 400 naming the field.
 */
export function registerTextChecks(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request, reply) => {
    const problems = [
      ...jsonTextProblems(request.query ?? {}),
      ...jsonTextProblems(request.params ?? {}).map((message) => `path ${message}`),
    ];
    if (problems.length) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: problems });
  });
}
