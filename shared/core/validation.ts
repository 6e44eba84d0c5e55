import type { ZodError } from 'zod';
import { OperationError } from './errors';

/** A zod failure as the user reads it: one French message per field, and a summary. */
export function validationError(error: ZodError): OperationError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    if (!(path in fields)) fields[path] = issue.message;
  }
  const count = Object.keys(fields).length;
  const message = count === 1 ? `Saisie invalide : ${Object.values(fields)[0]}` : `Saisie invalide : ${count} champs à corriger.`;
  return new OperationError('validation', message, fields);
}
