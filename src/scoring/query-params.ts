import { badInput } from '../common/errors/domain-error.js';
import { assertYear } from '../common/params.js';

/** An optional `year` query parameter: absent or empty is undefined, anything but 4 digits a 400. */
export function optionalYear(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    throw badInput('BAD_YEAR', 'year: 须为2000–2100的整数', 'year must be an integer 2000–2100');
  }
  return assertYear(Number(value));
}
