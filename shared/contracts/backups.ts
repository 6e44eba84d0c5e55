/** A backup as the back-office lists it. */
export interface BackupFileView {
  name: string;
  sizeBytes: number;
  takenAt: string;
  reason: 'manuelle' | 'nuit' | 'avant-migration';
}

export interface BackupsView {
  dir: string;
  keep: number;
  database: 'sqlite' | 'postgresql';
  backups: BackupFileView[];
}
