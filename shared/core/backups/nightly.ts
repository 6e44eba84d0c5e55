import { type BackupFile, listBackups, takeBackup } from '../../db/backup';
import { isoDateInTimeZone } from '../../domain/french-dates';
import type { Clock } from '../clock';
import type { BackupTarget } from '../context';

/** The hour, in Paris, from which the night's backup is due (families and agents are asleep). */
const NIGHT_STARTS = 2;

/**
 * Takes the night's backup when it is due and not yet taken: one « nuit » backup per day of the
 * commune. Returns it, or null when nothing was due.
 */
export async function takeNightlyBackup(target: BackupTarget, clock: Clock): Promise<BackupFile | null> {
  const now = clock.now();
  const hour = Number(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' })
      .formatToParts(now)
      .find((p) => p.type === 'hour')?.value,
  );
  if (hour < NIGHT_STARTS) return null;
  const today = isoDateInTimeZone(now);
  const taken = listBackups(target.settings).some((b) => b.reason === 'nuit' && isoDateInTimeZone(new Date(b.takenAt)) === today);
  if (taken) return null;
  return takeBackup(target.config, target.settings, now, 'nuit');
}
