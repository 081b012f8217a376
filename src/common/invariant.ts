/** A programmer error: the product's own arithmetic broke a rule it must keep. Never reachable from input. */
export class InvariantError extends Error {}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(`invariant violated: ${message}`);
}
