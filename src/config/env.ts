import { z } from 'zod';
import { passwordProblem } from '../auth/password-policy.js';
import { canonicalTimeZone, DEFAULT_BUSINESS_TIME_ZONE, instantAt } from '../common/business-time.js';

/** The one place that reads process.env: the whole environment is validated once, at start. */
export interface AppConfig {
  port: number;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };
  adminPassword?: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  production: boolean;
  /** Requests a minute per client on public routes (/api/verify). */
  publicRateLimitPerMinute: number;
  publicBaseUrl?: string;
  /** IANA zone of business dates ("today"), `TZ_BUSINESS`. */
  businessTimeZone: string;
  /** `CLOCK`: the instant the server's clock starts at (it runs on from there); never in production. */
  clockStart?: Date;
  /** `DATA_KEY`: 32 bytes for encrypting data at rest; required in production. */
  dataKey?: Buffer;
  /** `DATA_KEY_PREVIOUS`: keys of before a rotation, comma-separated; they only open old values. */
  previousDataKeys: Buffer[];
  backupDir: string;
  /** 0 = no scheduled backups. */
  backupEveryHours: number;
}

/** Every problem of the environment at once, one line each. `main` and the CLI exit with code 2 on it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} problems (${problems.length} 处配置错误):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

const DEV_JWT_SECRET = 'development-only-secret-change-me';
const JWT_EXPIRES_MAX_SECONDS = 30 * 24 * 3600;
const BACKUP_EVERY_HOURS_MAX = 24 * 366;

/** Values never echoed back in a message. */
const SECRET = new Set(['JWT_SECRET', 'ADMIN_PASSWORD', 'DATA_KEY', 'DATA_KEY_PREVIOUS', 'DATABASE_URL']);

const wholeNumber = (min: number, max: number, meaning: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `须为 ${min}–${max} 的整数 / must be a whole number ${meaning}, ${min}–${max}`)
    .transform(Number)
    .refine(
      (n) => n >= min && n <= max,
      `须为 ${min}–${max} 的整数 / must be a whole number ${meaning}, ${min}–${max}`,
    );

/** 32 bytes in base64 (standard or URL-safe alphabet, padding optional), or null. */
function dataKey(value: string): Buffer | null {
  const standard = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(standard)) return null;
  const key = Buffer.from(standard, 'base64');
  return key.toString('base64') === `${standard}=` ? key : null;
}

const schema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: wholeNumber(0, 65535, '(TCP port)').default(3000),
  DATABASE_PATH: z.string().default('data/ledger.sqlite'),
  DATABASE_URL: z
    .string()
    .refine(
      (url) => /^postgres(ql)?:\/\/./.test(url) && URL.canParse(url),
      '须为 postgres://… 地址 / must be a postgres://user@host:port/database URL',
    )
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(
      /^[a-z_][a-z0-9_]{0,62}$/,
      '须为小写字母、数字和下划线组成的标识符 / must be a plain lower-case identifier (a–z, 0–9, _; at most 63)',
    )
    .optional(),
  ADMIN_PASSWORD: z
    .string()
    .superRefine((value, ctx) => {
      const problem = passwordProblem(value, 'admin', 'ADMIN_PASSWORD');
      if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^ADMIN_PASSWORD: /, '') });
    })
    .optional(),
  JWT_SECRET: z.string().min(16, '至少 16 个字符 / must be at least 16 characters').optional(),
  JWT_EXPIRES_IN_SECONDS: wholeNumber(1, JWT_EXPIRES_MAX_SECONDS, 'of seconds').default(8 * 3600),
  PUBLIC_RATE_LIMIT: wholeNumber(1, 1_000_000_000, 'of requests a minute').default(300),
  PUBLIC_BASE_URL: z
    .string()
    .refine(
      (url) => /^https?:\/\/./.test(url) && URL.canParse(url),
      '须为 http(s):// 地址 / must be an http:// or https:// URL',
    )
    .optional(),
  TZ_BUSINESS: z
    .string()
    .transform((value, ctx) => {
      const zone = canonicalTimeZone(value);
      if (!zone) {
        ctx.addIssue({ code: 'custom', message: '不是时区名 / must be an IANA time zone such as Asia/Shanghai' });
        return z.NEVER;
      }
      return zone;
    })
    .default(DEFAULT_BUSINESS_TIME_ZONE),
  CLOCK: z
    .string()
    .transform((value, ctx) => {
      const at = /^(20\d\d|2100)-/.test(value) ? instantAt(value, DEFAULT_BUSINESS_TIME_ZONE) : null;
      if (!at) {
        ctx.addIssue({
          code: 'custom',
          message: '须为北京时间 YYYY-MM-DDTHH:MM / must be a Beijing time YYYY-MM-DDTHH:MM, e.g. 2026-03-01T01:00',
        });
        return z.NEVER;
      }
      return at;
    })
    .optional(),
  DATA_KEY: z
    .string()
    .transform((value, ctx) => {
      const key = dataKey(value);
      if (!key) {
        ctx.addIssue({
          code: 'custom',
          message:
            '须为 32 字节的 base64 / must be 32 random bytes in base64 (`openssl rand -base64 32` or ' +
            "`node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`)",
        });
        return z.NEVER;
      }
      return key;
    })
    .optional(),
  DATA_KEY_PREVIOUS: z
    .string()
    .transform((value, ctx) => {
      const keys = value.split(',').map((part) => dataKey(part.trim()));
      if (keys.some((k) => k === null)) {
        ctx.addIssue({
          code: 'custom',
          message: '须为逗号分隔的 32 字节 base64 密钥 / must be comma-separated 32-byte base64 keys',
        });
        return z.NEVER;
      }
      return keys as Buffer[];
    })
    .optional(),
  BACKUP_DIR: z.string().default('data/backups'),
  BACKUP_EVERY_HOURS: wholeNumber(0, BACKUP_EVERY_HOURS_MAX, 'of hours (0 = off)').default(24),
});

type Variable = keyof typeof schema.shape;
const VARIABLES = Object.keys(schema.shape) as Variable[];

/** Rules that involve more than one variable, checked even when a single variable is already wrong. */
function productionProblems(env: Partial<Record<Variable, string>>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (env.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (生产环境必须设置 JWT_SECRET)');
  }
  if (env.DATA_KEY === undefined) {
    problems.push('DATA_KEY is required when NODE_ENV=production (生产环境必须设置 DATA_KEY，32 字节 base64)');
  }
  if (env.CLOCK !== undefined) {
    problems.push('CLOCK is refused when NODE_ENV=production (生产环境不得设置 CLOCK：只用于测试和演示)');
  }
  return problems;
}

/** Parses and checks the whole environment; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`FOO= npm start`) counts as unset.
  const raw: Partial<Record<Variable, string>> = {};
  for (const name of VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]) as Variable;
        const shown = SECRET.has(name) ? '' : ` (got "${raw[name]}")`;
        return `${name}: ${issue.message}${shown}`;
      });
  problems.push(...productionProblems(raw));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA }
      : { kind: 'sqlite', path: e.DATABASE_PATH },
    adminPassword: e.ADMIN_PASSWORD,
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtExpiresInSeconds: e.JWT_EXPIRES_IN_SECONDS,
    production: e.NODE_ENV === 'production',
    publicRateLimitPerMinute: e.PUBLIC_RATE_LIMIT,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    businessTimeZone: e.TZ_BUSINESS,
    clockStart: e.CLOCK,
    dataKey: e.DATA_KEY,
    previousDataKeys: e.DATA_KEY_PREVIOUS ?? [],
    backupDir: e.BACKUP_DIR,
    backupEveryHours: e.BACKUP_EVERY_HOURS,
  };
}

/** loadConfig for the entry points (server, CLI, demo, TypeORM CLI): every problem on stderr, exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error (配置错误): ${error.message}`);
    process.exit(2);
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
