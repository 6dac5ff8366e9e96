import { ItercrewError } from '../orchestrator/errors/itercrew-error.js';

/** A prompt template that cannot be rendered: an unknown placeholder, or a missing file. Code `prompt_template_invalid`. */
export class PromptTemplateError extends ItercrewError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('prompt_template_invalid', message, options);
  }
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders (letters, digits, underscores; spaces inside the braces allowed)
 * with `vars[name]`. Strict: a placeholder with no value is an error naming the template and
 * every unknown name with the known ones, so a typo in an edited template fails loudly instead of
 * reaching an agent.
 *
 * @param source the template's name or file, for the error.
 * @throws PromptTemplateError for unknown placeholders.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>, source: string): string {
  const unknown = new Set<string>();
  const out = template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      unknown.add(name);
      return '';
    }
    return v;
  });
  if (unknown.size > 0) {
    throw new PromptTemplateError(`${source}: unknown placeholder(s) ${[...unknown].map((n) => `{{${n}}}`).join(', ')}; known: ${Object.keys(vars).sort().join(', ')}`);
  }
  return out;
}
