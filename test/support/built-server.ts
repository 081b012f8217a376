import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ADMIN_PASSWORD, TEST_JWT_SECRET } from './test-app.js';

/** The environment of a built server (dist/main.js) started by a test; DATABASE_PATH in memory unless given. */
export const SERVER_ENV = {
  PATH: process.env.PATH ?? '',
  DATABASE_PATH: ':memory:',
  JWT_SECRET: TEST_JWT_SECRET,
  ADMIN_PASSWORD,
};

/** A free TCP port on loopback for a server started as a separate process. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface BuiltServer {
  base: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit (the database file is closed, ready for the next start). */
  stop(): Promise<void>;
}

/** Starts dist/main.js with SERVER_ENV and `env`; resolves once it listens. */
export async function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { ...SERVER_ENV, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One JSON call to a built server: its status and parsed body. */
export async function callServer(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
