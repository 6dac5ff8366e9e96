export { SafetyError, type SafetyErrorCode } from './safety-error.js';
