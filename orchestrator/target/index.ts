/**
 * Targets: what itercrew tunes (DESIGN.md, "The target contract").
 *
 * - definition/  the target definition file (zod schema, loader, placeholders, walk-forward windows)
 * - space/       parameter specs, invariants (a small strict expression grammar), change validation,
 *                grid helpers (neighbours, snapping), random valid changes, a seeded PRNG
 * - diff/        structured params diff (param: old → new) and its one-line text form
 * - config-file/ JSON / TOML / YAML config files read and written keeping their format; atomic write
 * - git/         the target repo: workspace creation, clean check, config-only commits with
 *                Itercrew trailers, restore, revert, config diff between commits
 * - evaluate/    the evaluate command runner (one process per batch, JSON lines)
 * - errors/      TargetConfigError, ConfigFileError, TargetRepoError, EvaluateError
 * - evaluate-protocol.ts  the evaluate JSON-lines contract
 */
export * from './evaluate-protocol.js';
export * from './errors/index.js';

export * from './definition/target.js';
export * from './definition/target-definition-schema.js';
export * from './definition/load-target.js';
export * from './definition/placeholders.js';
export * from './definition/walk-forward.js';

export * from './space/param-spec.js';
export * from './space/param-space.js';
export * from './space/invariant-expression.js';
export * from './space/invariant.js';
export * from './space/validate-changes.js';
export * from './space/grid.js';
export * from './space/random-change.js';
export * from './space/prng.js';

export * from './diff/params-diff.js';

export * from './config-file/config-format.js';
export * from './config-file/config-document.js';
export * from './config-file/config-file.js';
export * from './config-file/params-path.js';
export * from './config-file/atomic-write.js';

export * from './git/git-identity.js';
export * from './git/commit-trailers.js';
export * from './git/target-repo.js';
export * from './git/workspace.js';

export * from './evaluate/evaluate-runner.js';
