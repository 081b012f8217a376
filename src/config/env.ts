/** The one place that reads process.env: parsed and validated once, at start. */
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
}

export class ConfigError extends Error {}

const DEV_JWT_SECRET = 'development-only-secret-change-me';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be 0–65535, got "${env.PORT}"`);
  }
  if (production && !env.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (生产环境必须设置 JWT_SECRET)');
  }
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 16) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters');
  }
  const url = env.DATABASE_URL;
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must start with postgres://');
  const database: AppConfig['database'] = url
    ? { kind: 'postgres', url, schema: env.DATABASE_SCHEMA || undefined }
    : { kind: 'sqlite', path: env.DATABASE_PATH || 'data/ledger.sqlite' };
  const rate = Number(env.PUBLIC_RATE_LIMIT ?? 300);
  return {
    port,
    database,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtExpiresInSeconds: Number(env.JWT_EXPIRES_IN_SECONDS ?? 8 * 3600),
    production,
    publicRateLimitPerMinute: Number.isFinite(rate) && rate > 0 ? rate : 300,
    publicBaseUrl: env.PUBLIC_BASE_URL || undefined,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
