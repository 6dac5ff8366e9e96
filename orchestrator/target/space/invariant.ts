import type { ParamValue, Params } from '../evaluate-protocol.js';
import { invariantParams, parseInvariantExpression, type InvariantNode } from './invariant-expression.js';

/**
 * A named constraint over parameters that every decided config must satisfy
 * (DESIGN.md, "The target contract"), e.g. `pair_cost_guard: pair_cost_max < 1.0`.
 */
export interface Invariant {
  /** Name from the target definition, e.g. `pair_cost_guard`. */
  name: string;
  /** The expression as written. */
  expr: string;
  /** Optional explanation shown with violations. */
  description?: string;
  /** Parsed expression. */
  ast: InvariantNode;
  /** Parameters the expression reads. */
  params: string[];
}

/**
 * Builds an {@link Invariant} from its name and expression text.
 *
 * @throws InvariantSyntaxError when the expression does not parse.
 */
export function compileInvariant(name: string, expr: string, description?: string): Invariant {
  const ast = parseInvariantExpression(expr);
  return { name, expr, ...(description !== undefined ? { description } : {}), ast, params: invariantParams(ast) };
}

class EvalError extends Error {}

function evalNode(node: InvariantNode, params: Params): ParamValue {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return node.value;
    case 'param': {
      const v = params[node.name];
      if (v === undefined) throw new EvalError(`parameter ${node.name} has no value`);
      return v;
    }
    case 'unary': {
      const v = evalNode(node.operand, params);
      if (node.op === '!') return !asBool(v, '!');
      return -asNumber(v, '-');
    }
    case 'binary': {
      if (node.op === '&&') return asBool(evalNode(node.left, params), '&&') && asBool(evalNode(node.right, params), '&&');
      if (node.op === '||') return asBool(evalNode(node.left, params), '||') || asBool(evalNode(node.right, params), '||');
      const a = asNumber(evalNode(node.left, params), node.op);
      const b = asNumber(evalNode(node.right, params), node.op);
      switch (node.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          if (b === 0) throw new EvalError('division by zero');
          return a / b;
        default:
          if (b === 0) throw new EvalError('modulo by zero');
          return a % b;
      }
    }
    case 'compare': {
      let left = evalNode(node.operands[0] as InvariantNode, params);
      for (let i = 0; i < node.ops.length; i++) {
        const op = node.ops[i] as string;
        const right = evalNode(node.operands[i + 1] as InvariantNode, params);
        if (!compare(op, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'call': {
      const args = node.args.map((a) => asNumber(evalNode(a, params), `${node.fn}()`));
      if (node.fn === 'abs') return Math.abs(args[0] as number);
      return node.fn === 'min' ? Math.min(...args) : Math.max(...args);
    }
  }
}

function compare(op: string, a: ParamValue, b: ParamValue): boolean {
  if (op === '==' || op === '!=') {
    if (typeof a !== typeof b) throw new EvalError(`cannot compare ${typeof a} with ${typeof b} using ${op}`);
    return op === '==' ? a === b : a !== b;
  }
  const x = asNumber(a, op);
  const y = asNumber(b, op);
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function asNumber(v: ParamValue, op: string): number {
  if (typeof v !== 'number') throw new EvalError(`operator ${op} needs a number, got ${JSON.stringify(v)}`);
  return v;
}
function asBool(v: ParamValue, op: string): boolean {
  if (typeof v !== 'boolean') throw new EvalError(`operator ${op} needs true/false, got ${JSON.stringify(v)}`);
  return v;
}

/** Outcome of checking one invariant. */
export type InvariantCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks one invariant against a full parameter set. A violation's reason names the invariant,
 * its expression and the values it read, e.g.
 * `invariant bid_within_cap (bid_size <= total_position_cap) is violated: bid_size = 30, total_position_cap = 24`.
 * A missing parameter or a type error (e.g. `<` on a string) is reported as a violation too.
 * Comparisons are exact (no float tolerance).
 */
export function checkInvariant(invariant: Invariant, params: Params): InvariantCheck {
  const head = `invariant ${invariant.name} (${invariant.expr})`;
  let value: ParamValue;
  try {
    value = evalNode(invariant.ast, params);
  } catch (error) {
    if (error instanceof EvalError) return { ok: false, reason: `${head} cannot be evaluated: ${error.message}` };
    throw error;
  }
  if (typeof value !== 'boolean') return { ok: false, reason: `${head} does not give true/false but ${JSON.stringify(value)}` };
  if (value) return { ok: true };
  const values = invariant.params.map((p) => `${p} = ${JSON.stringify(params[p])}`).join(', ');
  const why = invariant.description !== undefined ? ` — ${invariant.description}` : '';
  return { ok: false, reason: `${head} is violated${values === '' ? '' : `: ${values}`}${why}` };
}
