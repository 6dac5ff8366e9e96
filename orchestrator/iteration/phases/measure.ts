import type { ConductorContext, IterationState } from '../iteration-state.js';

/**
 * Phase 8, measure (backtested targets): walk-forward PnL — the config in force after the
 * decision is evaluated on the iteration's live segment, windows no agent has seen; the config
 * the iteration started from is evaluated on the same segment in the same batch (baselinePnl),
 * so every iteration says what the change earned against not changing (after a gate revert the
 * config in force is the starting one: it is evaluated once). A failed measurement does
 * not undo an applied change: it is recorded in the reason and the PnL stays unknown.
 */
export async function measurePhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const segment = it.windows?.segment;
  if (!segment) {
    await it.clock.end();
    return;
  }
  const same = it.commit === null || (it.revertCommit !== null && it.finalParams === it.baseParams);
  const started = Date.now();
  try {
    const results = await ctx.evaluator.evaluate(
      same
        ? [{ id: 'measured', params: it.finalParams, windows: segment }]
        : [
            { id: 'measured', params: it.finalParams, windows: segment },
            { id: 'baseline', params: it.baseParams, windows: segment },
          ],
      { signal: it.signal, timeoutMs: ctx.settings.deadlines.measureMs },
    );
    it.measureEvalMs = Date.now() - started;
    const [measured, baseline] = results;
    if (!measured?.ok) throw new Error(measured ? `${measured.error.code}: ${measured.error.message}` : 'no result');
    it.pnl = measured.metrics.pnl;
    it.metrics = measured.metrics;
    it.baselinePnl = same ? measured.metrics.pnl : baseline?.ok ? baseline.metrics.pnl : null;
    await ctx.runLog.append({
      type: 'pnl_measured',
      iterationId: it.id,
      pnl: it.pnl,
      segment,
      metrics: measured.metrics,
      baselinePnl: it.baselinePnl ?? undefined,
      evalMs: it.measureEvalMs,
    } as Parameters<typeof ctx.runLog.append>[0]);
  } catch (err) {
    if (it.signal?.aborted) throw err;
    it.measureEvalMs = Date.now() - started;
    it.notes.push(`PnL not measured: ${(err as Error).message}`);
  }
  await it.clock.end();
}
