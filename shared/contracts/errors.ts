/** How an error crosses either door: a type the client can branch on, a French message for the user. */
export type ApiErrorType = 'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unknown_operation' | 'internal';

export interface ApiError {
  type: ApiErrorType;
  message: string;
  /** For validation errors: the French message per field path (« responsable.email »). */
  fields?: Record<string, string>;
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };
