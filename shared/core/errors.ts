import type { ApiError, ApiErrorType } from '../contracts/errors';

/** An error meant for the user: its message is French and safe to show. */
export class OperationError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return this.fields ? { type: this.type, message: this.message, fields: this.fields } : { type: this.type, message: this.message };
  }
}

export const notFound = (what: string) => new OperationError('not_found', `${what} introuvable.`);
export const conflict = (message: string) => new OperationError('conflict', message);
