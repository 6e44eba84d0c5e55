import type { BackupSettings } from '../db/backup';
import type { DatabaseConfig } from '../db/connection';
import type { Knex } from 'knex';
import type { StaffRole } from '../contracts/staff';
import type { Clock } from './clock';
import type { Mailer } from './mail/mailer';

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'staff'; userId: number; username: string; role: StaffRole; sessionId: string; mustChangePassword?: boolean }
  | { kind: 'family'; accountId: number; familyId: number; login: string; sessionId: string }
  | { kind: 'system'; label: string };

/** What every core operation receives: who acts, the open transaction, the time, the mailer. */
export interface Ctx {
  actor: Actor;
  db: Knex.Transaction;
  clock: Clock;
  mailer: Mailer;
  /** Where the call came from (IP address, « ipc »): recorded in the audit log. */
  source: string;
  /** The portal's address for links in e-mails, when the commune's settings give none. */
  portalBaseUrl: string;
  /** Where this server writes its backups (absent where it has none: tests of other things). */
  backups?: BackupTarget;
}

/** What the doors hold for the life of the process. */
export interface CoreDeps {
  db: Knex;
  clock: Clock;
  mailer: Mailer;
  portalBaseUrl: string;
  backups?: BackupTarget;
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return actor.username;
    case 'family':
      return actor.login;
    case 'system':
      return actor.label;
    default:
      return 'anonyme';
  }
}

/** The database a backup copies and the folder it goes to. */
export interface BackupTarget {
  config: DatabaseConfig;
  settings: BackupSettings;
}
