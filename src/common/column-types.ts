import type { ValueTransformer } from 'typeorm';

/** PostgreSQL returns BIGINT as a string; amounts in fen stay below 2^53, so Number is exact. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** JSON kept as TEXT so SQLite and PostgreSQL store the same bytes. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};
