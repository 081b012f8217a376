import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Public } from '../common/actor.js';
import { notFound } from '../common/errors/domain-error.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The printouts' own scripts (print.js, verify.js), copied to dist by nest build. */
const ASSETS = join(HERE, 'assets');
/**
 * The Vue client built by Vite (`npm run build`): dist/web/app. From dist that is next to this file; when the
 * app runs from src (jest), the repository's dist/web/app.
 */
const APP = [join(HERE, 'app'), join(HERE, '..', '..', 'dist', 'web', 'app')].find((dir) =>
  existsSync(join(dir, 'index.html')),
);
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
};
const NOT_BUILT = Buffer.from(
  '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>集体经济分红账本</title>' +
    '<p>网页界面尚未构建：请在服务器上运行 <code>npm run build</code>。</p></html>',
);
const cache = new Map<string, Buffer>();

/** index.html is read afresh (a rebuild names new chunks); the hashed files never change, so they are cached. */
function read(dir: string | undefined, name: string, fresh = false): Buffer | undefined {
  if (!dir) return undefined;
  const key = `${dir}/${name}`;
  let body = fresh ? undefined : cache.get(key);
  if (!body) {
    try {
      body = readFileSync(join(dir, name));
    } catch {
      return undefined;
    }
    if (!fresh) cache.set(key, body);
  }
  return body;
}

/** Hashed names of Vite's build (index-C4r-IT08.js) or the printouts' scripts; never a path. */
function asset(name: string): { body: Buffer; hashed: boolean } {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|html|svg|woff2?|ttf)$/.test(name)) throw notFound('asset', '文件');
  const built = APP ? read(join(APP, 'assets'), name) : undefined;
  if (built) return { body: built, hashed: true };
  const own = read(ASSETS, name);
  if (!own) throw notFound('asset', '文件');
  return { body: own, hashed: false };
}

/** The web interface: the Vue app and its files, served by the same app (no separate server). */
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
    reply
      .header('content-type', TYPES.html)
      .header('cache-control', 'no-cache')
      .send(read(APP, 'index.html', true) ?? NOT_BUILT);
  }

  @Public()
  @Get('web/assets/:file')
  file(@Param('file') file: string, @Res() reply: FastifyReply) {
    const { body, hashed } = asset(file);
    // Vite's files carry their content hash in the name: cached for a year; the others revalidate.
    reply
      .header('content-type', TYPES[file.split('.').pop()!])
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(body);
  }
}
