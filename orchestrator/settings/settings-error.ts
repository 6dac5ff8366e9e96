import { ItercrewError } from '../errors/itercrew-error.js';

/** Settings file unreadable, unparseable or invalid. Code `settings_invalid`. */
export class SettingsError extends ItercrewError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('settings_invalid', message, options);
  }
}
