/**
 * The invariant language: a small strict grammar for named constraints over parameters, such as
 * `bid_size <= total_position_cap` or `fee_schedule == 'rate' || fee_rate == 0`. Parsed into an
 * AST once (at target load) and evaluated against parameter sets; nothing is ever `eval`ed.
 *
 * Grammar (precedence from loosest to tightest):
 * ```
 * expr    := or
 * or      := and (('||' | 'or') and)*
 * and     := not (('&&' | 'and') not)*
 * not     := ('!' | 'not') not | compare
 * compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)*   chained like Python: 0 < a <= 1
 * sum     := product (('+' | '-') product)*
 * product := unary (('*' | '/' | '%') unary)*
 * unary   := '-' unary | primary
 * primary := number | 'string' | "string" | true | false | identifier
 *          | ('abs' | 'min' | 'max') '(' expr (',' expr)* ')' | '(' expr ')'
 * ```
 * Identifiers are parameter names (`[A-Za-z_][A-Za-z0-9_]*`).
 */

/** A node of a parsed invariant expression. */
export type InvariantNode =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'param'; name: string }
  | { kind: 'unary'; op: '-' | '!'; operand: InvariantNode }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%' | '&&' | '||'; left: InvariantNode; right: InvariantNode }
  | { kind: 'compare'; operands: InvariantNode[]; ops: CompareOp[] }
  | { kind: 'call'; fn: InvariantFunction; args: InvariantNode[] };

/** Comparison operators. */
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
/** Functions the language knows. */
export type InvariantFunction = 'abs' | 'min' | 'max';

/** A syntax error in an invariant expression; `column` is 1-based. */
export class InvariantSyntaxError extends Error {
  readonly column: number;
  constructor(message: string, column: number) {
    super(`${message} at column ${column}`);
    this.name = 'InvariantSyntaxError';
    this.column = column;
  }
}

type Token =
  | { t: 'num'; value: number; pos: number }
  | { t: 'str'; value: string; pos: number }
  | { t: 'id'; value: string; pos: number }
  | { t: 'op'; value: string; pos: number }
  | { t: 'end'; pos: number };

const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', ','];
const FUNCTIONS: readonly string[] = ['abs', 'min', 'max'];
const KEYWORDS: readonly string[] = ['and', 'or', 'not', 'true', 'false'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const numMatch = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (numMatch) {
      tokens.push({ t: 'num', value: Number(numMatch[0]), pos: i });
      i += numMatch[0].length;
      continue;
    }
    const idMatch = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (idMatch) {
      tokens.push({ t: 'id', value: idMatch[0], pos: i });
      i += idMatch[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new InvariantSyntaxError('unterminated string', i + 1);
      tokens.push({ t: 'str', value: text.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) {
      const hint = c === '=' ? " (use '==' to compare)" : c === '&' || c === '|' ? ` (use '${c}${c}')` : '';
      throw new InvariantSyntaxError(`unexpected character '${c}'${hint}`, i + 1);
    }
    tokens.push({ t: 'op', value: op, pos: i });
    i += op.length;
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): InvariantNode {
    const node = this.or();
    const next = this.peek();
    if (next.t !== 'end') throw new InvariantSyntaxError(`unexpected '${describe(next)}'`, next.pos + 1);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }
  private take(): Token {
    return this.tokens[this.index++] as Token;
  }
  private isOp(...values: string[]): boolean {
    const t = this.peek();
    return (t.t === 'op' || t.t === 'id') && values.includes(t.value);
  }
  private expectOp(value: string): void {
    const t = this.take();
    if (t.t !== 'op' || t.value !== value) throw new InvariantSyntaxError(`expected '${value}' but found '${describe(t)}'`, t.pos + 1);
  }

  private or(): InvariantNode {
    let left = this.and();
    while (this.isOp('||', 'or')) {
      this.take();
      left = { kind: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }
  private and(): InvariantNode {
    let left = this.not();
    while (this.isOp('&&', 'and')) {
      this.take();
      left = { kind: 'binary', op: '&&', left, right: this.not() };
    }
    return left;
  }
  private not(): InvariantNode {
    if (this.isOp('!', 'not')) {
      this.take();
      return { kind: 'unary', op: '!', operand: this.not() };
    }
    return this.compare();
  }
  private compare(): InvariantNode {
    const first = this.sum();
    const operands: InvariantNode[] = [first];
    const ops: CompareOp[] = [];
    while (this.isOp('<', '<=', '>', '>=', '==', '!=')) {
      ops.push((this.take() as { value: CompareOp }).value);
      operands.push(this.sum());
    }
    return ops.length === 0 ? first : { kind: 'compare', operands, ops };
  }
  private sum(): InvariantNode {
    let left = this.product();
    while (this.isOp('+', '-')) {
      const op = (this.take() as { value: '+' | '-' }).value;
      left = { kind: 'binary', op, left, right: this.product() };
    }
    return left;
  }
  private product(): InvariantNode {
    let left = this.unary();
    while (this.isOp('*', '/', '%')) {
      const op = (this.take() as { value: '*' | '/' | '%' }).value;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): InvariantNode {
    if (this.isOp('-')) {
      this.take();
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.primary();
  }
  private primary(): InvariantNode {
    const t = this.take();
    if (t.t === 'num') return { kind: 'number', value: t.value };
    if (t.t === 'str') return { kind: 'string', value: t.value };
    if (t.t === 'op' && t.value === '(') {
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    if (t.t === 'id') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'bool', value: t.value === 'true' };
      if (KEYWORDS.includes(t.value)) throw new InvariantSyntaxError(`unexpected '${t.value}'`, t.pos + 1);
      if (FUNCTIONS.includes(t.value) && this.isOp('(')) {
        this.take();
        const args = [this.or()];
        while (this.isOp(',')) {
          this.take();
          args.push(this.or());
        }
        this.expectOp(')');
        if (t.value === 'abs' && args.length !== 1) throw new InvariantSyntaxError('abs() takes one argument', t.pos + 1);
        return { kind: 'call', fn: t.value as InvariantFunction, args };
      }
      return { kind: 'param', name: t.value };
    }
    throw new InvariantSyntaxError(t.t === 'end' ? 'unexpected end of expression' : `unexpected '${describe(t)}'`, t.pos + 1);
  }
}

function describe(t: Token): string {
  return t.t === 'end' ? 'end of expression' : String(t.value);
}

/**
 * Parses an invariant expression into its AST.
 *
 * @throws InvariantSyntaxError with a 1-based column on any syntax error (never evaluates anything).
 */
export function parseInvariantExpression(text: string): InvariantNode {
  if (text.trim() === '') throw new InvariantSyntaxError('empty expression', 1);
  return new Parser(tokenize(text)).parse();
}

/** The parameter names an expression refers to, sorted, without duplicates. */
export function invariantParams(node: InvariantNode): string[] {
  const names = new Set<string>();
  const walk = (n: InvariantNode): void => {
    switch (n.kind) {
      case 'param':
        names.add(n.name);
        break;
      case 'unary':
        walk(n.operand);
        break;
      case 'binary':
        walk(n.left);
        walk(n.right);
        break;
      case 'compare':
        n.operands.forEach(walk);
        break;
      case 'call':
        n.args.forEach(walk);
        break;
      default:
        break;
    }
  };
  walk(node);
  return [...names].sort();
}
