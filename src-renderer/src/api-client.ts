import type { ApiError, ApiResponse } from '../../shared/contracts/errors';
import type { StaffInput, StaffOperationName, StaffOutput } from '../../shared/contracts/staff-api';

declare global {
  interface Window {
    /** Present in Electron (preload's contextBridge); absent in a plain browser. */
    staffBridge?: { invoke(name: string, input: unknown): Promise<ApiResponse<unknown>> };
  }
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

async function overHttp(name: string, input: unknown): Promise<ApiResponse<unknown>> {
  try {
    const response = await fetch(`/staff-api/${name}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Staff-Api': '1' },
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as ApiResponse<unknown>;
  } catch {
    return { ok: false, error: { type: 'internal', message: 'Le serveur du back-office ne répond pas. Vérifiez qu’il est démarré.' } };
  }
}

/** The staff API client: IPC when the Electron bridge exists, HTTP otherwise. Same contract either way. */
export async function callStaffApi<N extends StaffOperationName>(name: N, input: StaffInput<N>): Promise<StaffOutput<N>> {
  const response = window.staffBridge ? await window.staffBridge.invoke(name, input) : await overHttp(name, input);
  if (!response.ok) throw new ApiCallError(response.error);
  return response.value as StaffOutput<N>;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Erreur inattendue.';
}

export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiCallError ? (error.error.fields ?? {}) : {};
}
