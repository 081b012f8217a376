import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createAdapter } from '../../src/app.setup.js';
import { FixedClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/env.js';

export const ADMIN_PASSWORD = 'admin-password-1';
export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef';
export const TEST_NOW = '2026-06-15T08:00:00.000Z';

/** PostgreSQL runs of the suite set TEST_DATABASE_URL; the database name must say "test". */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

function refuseNonTestDatabase(path: string | undefined, url: string | undefined): void {
  if (url && !/\/[^/]*test[^/]*$/.test(new URL(url).pathname)) {
    throw new Error(`Refusing to run tests against ${url}: the database name must contain "test"`);
  }
  if (!url && path !== ':memory:' && !/test/.test(path ?? '')) {
    throw new Error(`Refusing to run tests against ${path}: use :memory: or a file named *test*`);
  }
}

export interface TestAppOptions {
  databasePath?: string;
  clock?: FixedClock;
  env?: Record<string, string>;
  /** Another adapter than the product's (an https server for the header tests). */
  adapter?: FastifyAdapter;
  /** A second server process on the same database (SQLite file or PostgreSQL schema); the first one cleans up. */
  sameDatabaseAs?: TestApp;
}

export class TestApp {
  readonly clock: FixedClock;
  private tokens = new Map<string, string>();

  constructor(
    readonly app: NestFastifyApplication,
    clock: FixedClock,
    private readonly cleanup: () => Promise<void>,
    /** DATABASE_PATH or DATABASE_URL + DATABASE_SCHEMA, for sameDatabaseAs. */
    readonly databaseEnv: Record<string, string> = {},
  ) {
    this.clock = clock;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.http.post('/api/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(username, res.body.accessToken);
    return res.body.accessToken;
  }

  async adminToken(): Promise<string> {
    return this.tokens.get('admin') ?? this.login('admin', ADMIN_PASSWORD);
  }

  /** Requests as a user: `as(token).post(url).send(body)`. */
  as(token: string) {
    const http = this.http;
    const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
    return {
      get: (url: string) => auth(http.get(url)),
      post: (url: string) => auth(http.post(url)),
      patch: (url: string) => auth(http.patch(url)),
      delete: (url: string) => auth(http.delete(url)),
    };
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.cleanup();
  }
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new FixedClock(new Date(TEST_NOW));
  let schema: string | undefined;
  let cleanup = async () => {};
  if (TEST_DATABASE_URL && !options.sameDatabaseAs) {
    schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    };
  }
  const databaseEnv: Record<string, string> =
    options.sameDatabaseAs?.databaseEnv ??
    (TEST_DATABASE_URL
      ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema! }
      : { DATABASE_PATH: options.databasePath ?? ':memory:' });
  const env: Record<string, string> = {
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_PASSWORD,
    PUBLIC_RATE_LIMIT: '1000',
    ...databaseEnv,
    ...options.env,
  };
  refuseNonTestDatabase(env.DATABASE_PATH, env.DATABASE_URL);
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { clock })] }).compile();
  moduleRef.useLogger(process.env.TEST_LOG ? ['error', 'warn', 'log'] : ['error']);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(options.adapter ?? createAdapter(), {
    logger: ['error'],
    bodyParser: false,
  });
  await configureApp(app, { swaggerUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return new TestApp(app, clock, cleanup, databaseEnv);
}

/** supertest parser that keeps a binary body (PDF, XLSX) as a Buffer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binary(res: any, callback: (err: Error | null, body: any) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
