import { createRequire } from 'node:module';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { z } from 'zod';

/** zod's answer, or the compiled check's equivalent: the value as decoded, or zod's error. */
export type CheckResult<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/** Schemas seen fewer times than this are validated by zod alone (compiling costs ~1 ms each). Default 32. */
const DEFAULT_WARM_UP = 32;

let ajv: Ajv2020 | undefined;

/** Ajv, loaded on first use (synchronously: it is CommonJS), so a short-lived client never loads it. */
function sharedAjv(): Ajv2020 {
  if (!ajv) {
    const { Ajv2020: AjvClass } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new AjvClass({ strict: false, validateSchema: false, validateFormats: false, allErrors: false });
  }
  return ajv;
}

/**
 * A zod schema with a faster path for the values it accepts, for the client's hot path (every
 * inbound event and reply). zod stays the definition: the schema is converted with zod's own
 * `z.toJSONSchema` and compiled by Ajv into a plain predicate; a value the predicate accepts is
 * taken as decoded — the same value zod returns (zod copies it; here the value itself is kept),
 * because the check is compiled only for schemas whose input and output JSON Schemas are equal
 * (no default, no transform) and that convert exactly. Anything the predicate rejects goes to
 * zod, which decides and gives the error. So the fast path may only be stricter than zod, never
 * looser (test/clawchat/compiled-check.test.ts compares them on valid and broken frames). The
 * same technique as the run-log reader's.
 *
 * A schema is compiled after it has validated `warmUp` values, so one-shot clients (`itercrew
 * chat send`) never pay for Ajv.
 */
export class CompiledCheck<S extends z.ZodType> {
  private uses = 0;
  private check: ValidateFunction | null | undefined;

  /**
   * @param schema the zod schema (the definition).
   * @param warmUp zod-only validations before compiling. Default 32.
   */
  constructor(
    readonly schema: S,
    private readonly warmUp = DEFAULT_WARM_UP,
  ) {}

  /**
   * Validates `value` like `schema.safeParse(value)`.
   *
   * @param mayUseFast false forces zod (e.g. the line holds a `__proto__` key, which zod strips).
   */
  parse(value: unknown, mayUseFast = true): CheckResult<z.output<S>> {
    if (mayUseFast) {
      if (this.check === undefined && ++this.uses > this.warmUp) this.check = compile(this.schema);
      if (this.check && this.check(value) === true) return { success: true, data: value as z.output<S> };
    }
    return this.schema.safeParse(value) as CheckResult<z.output<S>>;
  }

  /** True once the compiled predicate is in use (null: the schema cannot have one). */
  get compiled(): boolean | null {
    return this.check === undefined ? false : this.check === null ? null : true;
  }
}

/** The Ajv predicate of `schema`, or null when it cannot be exactly equal to zod's verdict. */
function compile(schema: z.ZodType): ValidateFunction | null {
  try {
    const input = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
    const output = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' });
    if (JSON.stringify(input) !== JSON.stringify(output)) return null;
    return sharedAjv().compile(input);
  } catch {
    return null;
  }
}

/**
 * One {@link CompiledCheck} per key of a schema table (event type → schema, command → reply
 * schema), made on first use.
 */
export class CompiledCheckTable<K extends string> {
  private readonly checks = new Map<K, CompiledCheck<z.ZodType>>();

  /**
   * @param schemaOf the zod schema of a key.
   * @param warmUp see {@link CompiledCheck}.
   */
  constructor(
    private readonly schemaOf: (key: K) => z.ZodType,
    private readonly warmUp = DEFAULT_WARM_UP,
  ) {}

  /** Validates `value` against the schema of `key` (see {@link CompiledCheck.parse}). */
  parse(key: K, value: unknown, mayUseFast = true): CheckResult<unknown> {
    let check = this.checks.get(key);
    if (!check) this.checks.set(key, (check = new CompiledCheck(this.schemaOf(key), this.warmUp)));
    return check.parse(value, mayUseFast);
  }
}
