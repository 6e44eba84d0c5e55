import type { ApiResponse } from '../contracts/errors';
import type { CoreDeps } from './context';
import { OperationError } from './errors';
import { resolveStaffSession } from './accounts/staff-sessions';
import { staffMay } from './accounts/staff-policy';
import type { DoorEffects, StaffCtx } from './operation';
import { staffOperations } from './staff-operations';
import { validationError } from './validation';
import { forgetReferenceData } from './reference/reference-data';
import { logger } from '../logging/logger';
import { retriedTransaction } from '../db/retried-transaction';

export interface StaffCall {
  name: string;
  input: unknown;
  /** The session token the door holds for this caller (cookie or per-window), if any. */
  sessionToken: string | null;
  /** The caller's address or « ipc », for the audit log and login throttling. */
  source: string;
}

export interface StaffCallResult {
  response: ApiResponse<unknown>;
  /** undefined: keep the session as it is; a string: the new token; null: forget it. */
  sessionToken?: string | null;
}

export type StaffDispatcher = (call: StaffCall) => Promise<StaffCallResult>;

/**
 * The one way into the staff API, whatever the door: find the operation, authenticate the
 * session, authorize, validate, then run it in one transaction. Any failure rolls the whole
 * call back, except the traces an operation asks to keep (failed logins).
 */
export function createStaffDispatcher(deps: CoreDeps): StaffDispatcher {
  return async function dispatch(call) {
    const operation = Object.hasOwn(staffOperations, call.name) ? staffOperations[call.name as keyof typeof staffOperations] : undefined;
    if (!operation) {
      return { response: { ok: false, error: { type: 'unknown_operation', message: `Opération inconnue : ${call.name}` } } };
    }
    let effects: DoorEffects = {};
    try {
      const value = await retriedTransaction(deps.db, async (trx) => {
        // Done again after a deadlock: what a rolled-back attempt asked for is forgotten.
        effects = {};
        const actor = await resolveStaffSession(trx, call.sessionToken, deps.clock.now());
        if (!staffMay(actor, operation.access)) {
          throw actor.kind === 'staff'
            ? new OperationError(
                'forbidden',
                actor.mustChangePassword
                  ? 'Choisissez d’abord un nouveau mot de passe : le vôtre a été réinitialisé par un administrateur.'
                  : "Vous n'avez pas les droits nécessaires pour cette action.",
              )
            : new OperationError('unauthenticated', 'Veuillez vous connecter.');
        }
        const parsed = operation.input.safeParse(call.input ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        const ctx: StaffCtx = {
          actor,
          db: trx,
          clock: deps.clock,
          mailer: deps.mailer,
          source: call.source,
          portalBaseUrl: deps.portalBaseUrl,
          backups: deps.backups,
          effects,
        };
        try {
          return await operation.run(ctx, parsed.data);
        } catch (error) {
          // Commit the traces of this failure (the transaction resolves), report it after.
          if (error === effects.failAfterCommit) return undefined;
          throw error;
        }
      });
      if (effects.failAfterCommit) return { response: { ok: false, error: effects.failAfterCommit.toApiError() } };
      if (operation.changesReferenceData) forgetReferenceData();
      if (effects.mailQueued) deliverMailSoon(deps);
      return { response: { ok: true, value }, sessionToken: effects.sessionToken };
    } catch (error) {
      if (error instanceof OperationError) return { response: { ok: false, error: error.toApiError() } };
      logger.error({ operation: call.name, err: error }, 'opération du back-office en échec');
      return {
        response: { ok: false, error: { type: 'internal', message: "Une erreur interne s'est produite ; rien n'a été enregistré." } },
      };
    }
  };
}

/** Sends what the call queued, after commit, without holding up the answer. */
function deliverMailSoon(deps: CoreDeps): void {
  setImmediate(() => {
    deps.mailer.deliverPending(deps.db).catch((error) => logger.error({ err: error }, 'courriels : envoi différé en échec'));
  });
}
