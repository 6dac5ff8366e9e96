import { formatNumber } from '../../target/space/grid.js';

/** One printed row of `itercrew run` / `itercrew log`. */
export interface IterationRow {
  n: number | string;
  status: string;
  decision: string;
  diff: string;
  pnl: number | null;
  cumulativePnl: number;
  commit: string | null;
}

const COLUMNS = ['n', 'status', 'decision', 'diff', 'PnL', 'cum PnL', 'commit'] as const;
const WIDTHS = [4, 10, 26, 44, 9, 9, 7];

/** Signed money with 2 decimals (`+1.23`, `-0.40`), or `n/a`. */
export function formatPnl(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}

function cell(text: string, width: number, right = false): string {
  const t = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return right ? t.padStart(width) : t.padEnd(width);
}

/** The header line of the iteration table. */
export function headerLine(): string {
  return COLUMNS.map((c, i) => cell(c, WIDTHS[i] as number, i >= 4 && i <= 5)).join('  ');
}

/** One iteration as a table line; the diff column is cut to fit (the run log has it whole). */
export function rowLine(r: IterationRow): string {
  const values = [String(r.n), r.status, r.decision, r.diff, formatPnl(r.pnl), formatPnl(r.cumulativePnl), r.commit ? r.commit.slice(0, 7) : '-'];
  return values.map((v, i) => cell(v, WIDTHS[i] as number, i >= 4 && i <= 5)).join('  ');
}

/** `brief 12ms · spawn 180ms · …` */
export function phasesLine(phases: ReadonlyArray<{ phase: string; durationMs: number }>): string {
  return phases.map((p) => `${p.phase} ${formatNumber(Math.round(p.durationMs))}ms`).join(' · ');
}
