import type { TargetDefinition } from '../target/definition/target-definition-schema.js';

/**
 * Cross-field checks of a target definition's `safety:` section that its schema cannot express:
 * every frozen name is a tunable parameter of the space, and validation windows are held out only
 * where the walk-forward leaves room for them. Returns the problems as `{path, message}` issues
 * for the target loader (which reports them with the file).
 */
export function targetSafetyIssues(def: TargetDefinition): Array<{ path: string; message: string }> {
  const safety = def.safety;
  if (!safety) return [];
  const issues: Array<{ path: string; message: string }> = [];
  safety.frozen.forEach((name, i) => {
    const spec = Object.hasOwn(def.space, name) ? def.space[name] : undefined;
    if (!spec) issues.push({ path: `safety.frozen.${i}`, message: `unknown parameter ${JSON.stringify(name)} (not in space)` });
    else if (!spec.tunable) issues.push({ path: `safety.frozen.${i}`, message: `${name} is not tunable anyway (tunable: false)` });
  });
  const start = def.walkForward.startWindow ?? def.walkForward.inSampleWindows;
  if (safety.validationWindows > 0 && safety.validationWindows >= start)
    issues.push({
      path: 'safety.validationWindows',
      message: `${safety.validationWindows} validation windows leave no in-sample window before iteration 1's segment (walkForward.startWindow ${start}); use fewer, or a later startWindow`,
    });
  return issues;
}
