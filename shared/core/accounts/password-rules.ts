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

/** Every problem of a new password and its confirmation, by field, so that the form shows them all at once. */
export function newPasswordErrors(password: string, confirm: string, login: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const failures = passwordRuleFailures(password, login, isCommonPassword);
  if (failures.length > 0) fields.password = failures.map((f) => f.message).join(' ');
  if (password !== confirm) fields.confirm = 'Les deux mots de passe saisis ne sont pas identiques.';
  return fields;
}

export function throwIfAny(fields: Record<string, string>): void {
  const messages = Object.values(fields);
  if (messages.length > 0) throw new OperationError('validation', messages.join(' '), fields);
}
