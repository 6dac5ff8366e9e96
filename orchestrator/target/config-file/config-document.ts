import type { Params } from '../evaluate-protocol.js';
import type { ConfigFormat } from './config-format.js';

/**
 * A parsed config file that can be edited and written back in its own format. JSON keeps its
 * indentation and key order; TOML is edited in place (only the changed values' text changes:
 * comments, blank lines and layout stay); YAML goes through the `yaml` Document API (comments kept).
 */
export interface ConfigDocument {
  /** The file's format. */
  readonly format: ConfigFormat;
  /** The file, for messages. */
  readonly file: string;
  /** The whole document as plain data. */
  toData(): unknown;
  /**
   * The params table at `keys` (see {@link parseParamsPath}).
   * @throws ConfigFileError `config_params_invalid` when missing or holding non-scalar values.
   */
  getParams(keys: readonly string[]): Params;
  /**
   * Sets each given parameter in the params table at `keys` (existing keys keep their place,
   * new keys are appended); other parameters and everything else in the document stay.
   * @throws ConfigFileError `config_params_invalid` when the table is missing or cannot be edited in place.
   */
  updateParams(keys: readonly string[], updates: Params): void;
  /** The document as text in its format. */
  toString(): string;
}
