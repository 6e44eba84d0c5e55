import { z } from '../../contracts/zod-fr';
import type { BackupsView } from '../../contracts/backups';
import { BackupUnavailableError, listBackups, takeBackup } from '../../db/backup';
import { audit } from '../audit/audit-log';
import { OperationError } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';

function target(ctx: StaffCtx) {
  if (!ctx.backups) throw new OperationError('conflict', 'Les sauvegardes ne sont pas configurées sur ce poste.');
  return ctx.backups;
}

/** Admins: the last backups of this server (the newest first) and where they are written. */
export function backupsView(ctx: StaffCtx): BackupsView {
  const { settings, config } = target(ctx);
  return {
    dir: settings.dir,
    keep: settings.keep,
    database: config.databaseUrl ? 'postgresql' : 'sqlite',
    backups: listBackups(settings).slice(0, 10),
  };
}

/** « Sauvegarder maintenant »: a consistent copy while everyone works; audited. */
async function backupNow(ctx: StaffCtx): Promise<BackupsView> {
  const { settings, config } = target(ctx);
  try {
    const backup = await takeBackup(config, settings, ctx.clock.now(), 'manuelle');
    // The file's name is longer than an entity id: it goes in the details.
    await audit(ctx, { action: 'backup.create', entity: 'backup', details: { file: backup.name, sizeBytes: backup.sizeBytes } });
  } catch (error) {
    if (error instanceof BackupUnavailableError) throw new OperationError('conflict', error.message);
    throw error;
  }
  return backupsView(ctx);
}

/** This folder's operations, merged into the staff handler table. */
export const backupOperations = {
  'backups.list': staffOperation({ input: z.object({}).strict(), access: 'admin', run: async (ctx) => backupsView(ctx) }),
  'backups.run': staffOperation({ input: z.object({}).strict(), access: 'admin', run: (ctx) => backupNow(ctx) }),
};
