import path from 'node:path';
import { migrations } from '../../migrations/index';
import { BackupUnavailableError, backupSettingsFromEnv, RestoreRefusedError, restoreBackup, takeBackup } from './backup';
import { databaseConfigFromEnv } from './connection';
import { formatMegabytes } from '../domain/file-size';

// `npm run backup` (a copy now, into BACKUP_DIR) and `npm run restore -- FILE`.
const config = databaseConfigFromEnv();
try {
  if (process.argv[2] === 'restore') {
    const file = process.argv[3];
    if (!file) throw new RestoreRefusedError('Usage : npm run restore -- <fichier de sauvegarde>');
    const { keptAside } = await restoreBackup(config, path.resolve(file), Object.keys(migrations), new Date());
    console.log(`Sauvegarde restaurée : ${path.basename(file)}.${keptAside ? ` L’ancienne base est gardée sous ${keptAside}.` : ''}`);
  } else {
    const settings = backupSettingsFromEnv(config);
    const backup = await takeBackup(config, settings, new Date(), 'manuelle');
    console.log(`Sauvegarde écrite : ${path.join(settings.dir, backup.name)} (${formatMegabytes(backup.sizeBytes)}).`);
  }
} catch (error) {
  if (!(error instanceof RestoreRefusedError || error instanceof BackupUnavailableError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
