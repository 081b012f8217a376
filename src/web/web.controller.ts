import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Public } from '../auth/actor.js';
import { notFound } from '../common/errors/domain-error.js';

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
};
const cache = new Map<string, Buffer>();

function asset(name: string): Buffer {
  if (!/^[a-z0-9-]+\.(js|css|html|svg)$/.test(name)) throw notFound('asset', '文件');
  let body = cache.get(name);
  if (!body) {
    try {
      body = readFileSync(join(ASSETS, name));
    } catch {
      throw notFound('asset', '文件');
    }
    cache.set(name, body);
  }
  return body;
}

/** The web interface: one small page and its script, served by the same app (no separate server). */
@ApiExcludeController()
@Controller()
export class WebController {
  @Public()
  @Get()
  root(@Res() reply: FastifyReply) {
    reply.redirect('/web', 302);
  }

  @Public()
  @Get('web')
  index(@Res() reply: FastifyReply) {
    reply.header('content-type', TYPES.html).send(asset('index.html'));
  }

  @Public()
  @Get('web/assets/:file')
  file(@Param('file') file: string, @Res() reply: FastifyReply) {
    const body = asset(file);
    reply.header('content-type', TYPES[file.split('.').pop()!]).header('cache-control', 'no-cache').send(body);
  }
}
