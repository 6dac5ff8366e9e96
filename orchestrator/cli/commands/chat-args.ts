import { InvalidArgumentError } from 'commander';

/** Commander parser: a non-negative integer. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
}

/** Commander parser: any JSON value (e.g. `--metadata '{"kind":"proposal"}'`). */
export function jsonValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new InvalidArgumentError(`expected JSON, got "${value}" (${(err as Error).message})`);
  }
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `metadata` for a message: `--metadata` JSON, with `kind` set from `--kind` when given. */
export function messageMetadata(metadata: unknown, kind: string | undefined): unknown {
  if (kind === undefined) return metadata;
  const base = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  return { ...base, kind };
}
