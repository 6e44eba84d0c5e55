import { passwordRuleFailures } from '../../domain/password-policy';
import { OperationError } from '../errors';
import { isCommonPassword } from './common-passwords';

/** Refuses a new password that breaks a rule, naming every rule it breaks, in French. */
export function assertPasswordAllowed(password: string, login: string, field = 'password'): void {
  const failures = passwordRuleFailures(password, login, isCommonPassword);
  if (failures.length > 0) {
    throw new OperationError('validation', failures.map((f) => f.message).join(' '), { [field]: failures.map((f) => f.message).join(' ') });
  }
}
