import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './env.js';

const KEY = Buffer.alloc(32, 0xab).toString('base64');
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret', DATA_KEY: KEY };

/** The problems loadConfig reports for `env` (empty when it accepts it). */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('loadConfig: the whole environment, validated at start', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      database: { kind: 'sqlite', path: 'data/ledger.sqlite' },
      adminPassword: undefined,
      jwtSecret: 'development-only-secret-change-me',
      jwtExpiresInSeconds: 28800,
      production: false,
      publicRateLimitPerMinute: 300,
      publicBaseUrl: undefined,
      businessTimeZone: 'Asia/Shanghai',
      clockStart: undefined,
      dataKey: undefined,
      previousDataKeys: [],
      backupDir: 'data/backups',
      backupEveryHours: 24,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', JWT_SECRET: '', TZ_BUSINESS: '', BACKUP_EVERY_HOURS: '' })).toEqual(
      loadConfig({}),
    );
  });

  it('reports every problem at once, one line each, naming the variable and the value given', () => {
    const error = (() => {
      try {
        loadConfig({ JWT_EXPIRES_IN_SECONDS: '8h', PUBLIC_RATE_LIMIT: 'lots', DATABASE_SCHEMA: 'x; DROP TABLE users' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^DATABASE_SCHEMA: .*identifier.* \(got "x; DROP TABLE users"\)$/),
      expect.stringMatching(/^JWT_EXPIRES_IN_SECONDS: .*whole number of seconds, 1–2592000 \(got "8h"\)$/),
      expect.stringMatching(/^PUBLIC_RATE_LIMIT: .*whole number of requests a minute.* \(got "lots"\)$/),
    ]);
    expect(error!.message).toMatch(/^3 problems \(3 处配置错误\):\n {2}- DATABASE_SCHEMA: /);
  });

  it('PORT: 0–65535', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    for (const bad of ['65536', '-1', '80.5', 'http', ' 80', '1e3']) {
      expect(problems({ PORT: bad })).toEqual([expect.stringMatching(/^PORT: .*0–65535/)]);
    }
  });

  it('DATABASE_PATH and DATABASE_URL (postgres:// wins) with DATABASE_SCHEMA a plain identifier', () => {
    expect(loadConfig({ DATABASE_PATH: ':memory:' }).database).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(loadConfig({ DATABASE_PATH: 'x.sqlite', DATABASE_URL: 'postgresql://u@h:5432/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgresql://u@h:5432/db',
      schema: undefined,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db', DATABASE_SCHEMA: 't_0a1b_2c' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://h/db',
      schema: 't_0a1b_2c',
    });
    expect(problems({ DATABASE_URL: 'mysql://h/db' })).toEqual([expect.stringMatching(/^DATABASE_URL: .*postgres/)]);
    expect(problems({ DATABASE_URL: 'postgres://' })).toHaveLength(1);
    // The URL may hold a password: never echoed.
    expect(problems({ DATABASE_URL: 'pg://user:secret@h/db' })[0]).not.toContain('secret');
    for (const bad of ['a;b', 'public; DROP SCHEMA x', 'Upper', '1abc', 'a-b', '"q"', 'x'.repeat(64)]) {
      expect(problems({ DATABASE_URL: 'postgres://h/db', DATABASE_SCHEMA: bad })).toEqual([
        expect.stringMatching(/^DATABASE_SCHEMA: /),
      ]);
    }
  });

  it('ADMIN_PASSWORD: must pass the password policy for the user admin (never echoed)', () => {
    expect(loadConfig({ ADMIN_PASSWORD: 'root-secret-2026' }).adminPassword).toBe('root-secret-2026');
    for (const short of ['a', 'short']) {
      expect(problems({ ADMIN_PASSWORD: short })).toEqual([expect.stringMatching(/^ADMIN_PASSWORD: .*10–200/)]);
    }
    expect(problems({ ADMIN_PASSWORD: 'admin12345' })).toEqual([
      'ADMIN_PASSWORD: 密码太常见，容易被猜中，请换一个 / ADMIN_PASSWORD is a common password: choose another',
    ]);
    expect(problems({ ADMIN_PASSWORD: 'password123' })).toEqual([expect.stringMatching(/common password/)]);
    expect(problems({ ADMIN_PASSWORD: 'aaaaaaaaaaaa' })).toEqual([expect.stringMatching(/repeated/)]);
  });

  it('JWT_SECRET: at least 16 characters, required in production (never echoed)', () => {
    expect(loadConfig({ JWT_SECRET: '0123456789abcdef' }).jwtSecret).toBe('0123456789abcdef');
    expect(problems({ JWT_SECRET: 'short-secret' })).toEqual([
      'JWT_SECRET: 至少 16 个字符 / must be at least 16 characters',
    ]);
    expect(problems({ ...PRODUCTION, JWT_SECRET: '' })).toEqual([
      'JWT_SECRET is required when NODE_ENV=production (生产环境必须设置 JWT_SECRET)',
    ]);
  });

  it('JWT_EXPIRES_IN_SECONDS: whole seconds, 1 to 30 days', () => {
    expect(loadConfig({ JWT_EXPIRES_IN_SECONDS: '3600' }).jwtExpiresInSeconds).toBe(3600);
    expect(loadConfig({ JWT_EXPIRES_IN_SECONDS: '2592000' }).jwtExpiresInSeconds).toBe(2592000);
    for (const bad of ['8h', '0', '2592001', '1.5', 'NaN', '-60']) {
      expect(problems({ JWT_EXPIRES_IN_SECONDS: bad })).toEqual([expect.stringMatching(/^JWT_EXPIRES_IN_SECONDS: /)]);
    }
  });

  it('PUBLIC_RATE_LIMIT: a whole number ≥ 1, never silently replaced', () => {
    expect(loadConfig({ PUBLIC_RATE_LIMIT: '60' }).publicRateLimitPerMinute).toBe(60);
    for (const bad of ['lots', '0', '-5', '2.5', 'Infinity']) {
      expect(problems({ PUBLIC_RATE_LIMIT: bad })).toEqual([expect.stringMatching(/^PUBLIC_RATE_LIMIT: /)]);
    }
  });

  it('PUBLIC_BASE_URL: an http(s) URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://village.example/' }).publicBaseUrl).toBe('https://village.example/');
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://192.168.1.10:3000' }).publicBaseUrl).toBe('http://192.168.1.10:3000');
    for (const bad of ['village.example', 'ftp://x', 'javascript:alert(1)', 'http://']) {
      expect(problems({ PUBLIC_BASE_URL: bad })).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: /)]);
    }
  });

  it('TZ_BUSINESS: an IANA zone known to Intl, default Asia/Shanghai', () => {
    expect(loadConfig({ TZ_BUSINESS: 'Asia/Urumqi' }).businessTimeZone).toBe('Asia/Urumqi');
    expect(loadConfig({ TZ_BUSINESS: 'UTC' }).businessTimeZone).toBe('UTC');
    expect(loadConfig({ TZ_BUSINESS: 'asia/shanghai' }).businessTimeZone).toBe('Asia/Shanghai');
    // Offsets: Node 24's Intl takes them, Node 20's does not; refused on both.
    for (const bad of ['Beijing', 'Asia/Beijing', '+08:00', '-05:00', 'CST8']) {
      expect(problems({ TZ_BUSINESS: bad })).toEqual([expect.stringMatching(/^TZ_BUSINESS: .*IANA/)]);
    }
  });

  it('CLOCK: YYYY-MM-DDTHH:MM Beijing time → the instant; refused in production', () => {
    expect(loadConfig({ CLOCK: '2026-03-01T01:00' }).clockStart).toEqual(new Date('2026-02-28T17:00:00.000Z'));
    expect(loadConfig({ CLOCK: '2028-02-29T23:59' }).clockStart).toEqual(new Date('2028-02-29T15:59:00.000Z'));
    // Beijing time whatever the business zone is.
    expect(loadConfig({ CLOCK: '2026-03-01T08:00', TZ_BUSINESS: 'UTC' }).clockStart).toEqual(
      new Date('2026-03-01T00:00:00.000Z'),
    );
    for (const bad of [
      '2026-03-01',
      '2026-03-01 01:00',
      '2026-03-01T01:00:00',
      '2026-02-29T10:00',
      '2026-13-01T10:00',
      '2026-03-01T24:00',
      '2026-03-01T10:60',
      '1999-12-31T10:00',
      'now',
    ]) {
      expect(problems({ CLOCK: bad })).toEqual([expect.stringMatching(/^CLOCK: .*YYYY-MM-DDTHH:MM/)]);
    }
    expect(problems({ ...PRODUCTION, CLOCK: '2026-03-01T01:00' })).toEqual([
      'CLOCK is refused when NODE_ENV=production (生产环境不得设置 CLOCK：只用于测试和演示)',
    ]);
  });

  it('DATA_KEY: 32 bytes of base64 (standard or URL-safe), required in production, optional otherwise', () => {
    expect(loadConfig({ DATA_KEY: KEY }).dataKey).toEqual(Buffer.alloc(32, 0xab));
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 8 + 3));
    expect(loadConfig({ DATA_KEY: bytes.toString('base64url') }).dataKey).toEqual(bytes);
    expect(loadConfig({ DATA_KEY: bytes.toString('base64').replace(/=$/, '') }).dataKey).toEqual(bytes);
    expect(loadConfig(PRODUCTION)).toMatchObject({ production: true, dataKey: Buffer.alloc(32, 0xab) });
    for (const bad of [
      Buffer.alloc(31).toString('base64'),
      Buffer.alloc(33).toString('base64'),
      Buffer.alloc(32).toString('hex'),
      `${KEY.slice(0, 42)}B=`, // non-zero padding bits: not the canonical encoding of any 32 bytes
      'not base64 at all!!',
    ]) {
      const found = problems({ DATA_KEY: bad });
      expect(found).toEqual([expect.stringMatching(/^DATA_KEY: .*32/)]);
      expect(found[0]).not.toContain(bad);
    }
    expect(problems({ ...PRODUCTION, DATA_KEY: '' })).toEqual([
      'DATA_KEY is required when NODE_ENV=production (生产环境必须设置 DATA_KEY，32 字节 base64)',
    ]);
  });

  it('DATA_KEY_PREVIOUS: comma-separated old keys for a rotation, never echoed', () => {
    const old = Buffer.alloc(32, 0x01).toString('base64');
    expect(loadConfig({ DATA_KEY: KEY, DATA_KEY_PREVIOUS: `${old}, ${KEY}` }).previousDataKeys).toEqual([
      Buffer.alloc(32, 0x01),
      Buffer.alloc(32, 0xab),
    ]);
    const found = problems({ DATA_KEY_PREVIOUS: `${old},short` });
    expect(found).toEqual([expect.stringMatching(/^DATA_KEY_PREVIOUS: .*32/)]);
    expect(found[0]).not.toContain(old);
  });

  it('BACKUP_DIR (default data/backups) and BACKUP_EVERY_HOURS (default 24, 0 = off)', () => {
    expect(loadConfig({ BACKUP_DIR: '/mnt/usb/backups' }).backupDir).toBe('/mnt/usb/backups');
    expect(loadConfig({ BACKUP_EVERY_HOURS: '0' }).backupEveryHours).toBe(0);
    expect(loadConfig({ BACKUP_EVERY_HOURS: '6' }).backupEveryHours).toBe(6);
    for (const bad of ['daily', '-1', '1.5', '8785']) {
      expect(problems({ BACKUP_EVERY_HOURS: bad })).toEqual([expect.stringMatching(/^BACKUP_EVERY_HOURS: .*0 = off/)]);
    }
  });

  it('production: every missing requirement in one message', () => {
    expect(problems({ NODE_ENV: 'production', CLOCK: '2026-03-01T01:00', PORT: 'x' })).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^JWT_SECRET is required/),
      expect.stringMatching(/^DATA_KEY is required/),
      expect.stringMatching(/^CLOCK is refused/),
    ]);
  });
});
