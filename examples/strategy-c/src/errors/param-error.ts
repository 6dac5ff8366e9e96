import { StrategyCError } from './strategy-c-error.js';

/** Codes of a rejected parameter set; they are also the evaluate protocol's error codes. */
export type ParamErrorCode = 'unknown_parameter' | 'invalid_value' | 'out_of_range';

/**
 * A candidate's parameters were refused: an unknown name, a value of the wrong type or not
 * finite, or a value outside the parameter's hard limits. `param` names the first offender.
 */
export class ParamError extends StrategyCError {
  declare readonly code: ParamErrorCode;
  /** The offending parameter name. */
  readonly param: string;

  constructor(code: ParamErrorCode, param: string, message: string) {
    super(code, message);
    this.param = param;
  }
}
