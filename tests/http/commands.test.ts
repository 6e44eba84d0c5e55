import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../shared/db/connection';
import { verifyPassword } from '../../shared/core/accounts/password-hash';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-cmd-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const tsx = path.resolve('node_modules/.bin/tsx');
const cleanEnv = () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
};

describe('npm run create-admin', () => {
  it('creates the first admin on a production database, password hashed with scrypt', async () => {
    const dataDir = tempDir();
    const result = spawnSync(tsx, ['shared/db/create-admin.ts', 'admin.mairie', 'Marie Martin'], {
      env: { ...cleanEnv(), DATA_DIR: dataDir, NODE_ENV: 'production', ADMIN_PASSWORD: 'Premier-Admin-2026' },
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('Compte administrateur « admin.mairie » créé.');
    const db = openSqlite(path.join(dataDir, 'portail-famille.sqlite'));
    try {
      const user = await db('staff_users').where({ username: 'admin.mairie' }).first();
      expect(user).toMatchObject({ role: 'admin', display_name: 'Marie Martin' });
      expect(await verifyPassword('Premier-Admin-2026', user.password_hash)).toBe(true);
      expect(await db('families').first()).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });

  it('refuses a short password with a French message', () => {
    const result = spawnSync(tsx, ['shared/db/create-admin.ts', 'admin.mairie', 'Marie Martin'], {
      env: { ...cleanEnv(), DATA_DIR: tempDir(), ADMIN_PASSWORD: 'court' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Le mot de passe doit contenir au moins 8 caractères.');
  });
});

describe('npm run backup and npm run restore', () => {
  it('copies the database into data/backups, and puts it back only while the application is stopped', () => {
    const dataDir = tempDir();
    const env = { ...cleanEnv(), DATA_DIR: dataDir, NODE_ENV: 'production', ADMIN_PASSWORD: 'Premier-Admin-2026' };
    spawnSync(tsx, ['shared/db/create-admin.ts', 'admin.mairie', 'Marie Martin'], { env, encoding: 'utf8' });
    const backup = spawnSync(tsx, ['shared/db/backup-cli.ts'], { env, encoding: 'utf8' });
    expect(backup.stdout).toMatch(/^Sauvegarde écrite : .*portail-famille-\d{4}-\d{2}-\d{2}T\d{6}Z-manuelle\.sqlite \(\d+,\d Mo\)\.\n$/);
    const file = path.join(dataDir, 'backups', fs.readdirSync(path.join(dataDir, 'backups'))[0]!);
    // A running application holds the lock: this test's own process.
    fs.writeFileSync(path.join(dataDir, `portail-famille-${process.pid}.lock`), String(process.pid));
    const refused = spawnSync(tsx, ['shared/db/backup-cli.ts', 'restore', file], { env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`L’application fonctionne sur cette base (processus ${process.pid}) : arrêtez-la avant de restaurer.`);
    fs.rmSync(path.join(dataDir, `portail-famille-${process.pid}.lock`));
    const restored = spawnSync(tsx, ['shared/db/backup-cli.ts', 'restore', file], { env, encoding: 'utf8' });
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain('Sauvegarde restaurée : ');
    expect(restored.stdout).toContain('L’ancienne base est gardée sous ');
  });
});

describe('npm run serve', () => {
  it('creates the demo database and serves the portal and the staff door', async () => {
    const dataDir = tempDir();
    const child = spawn(tsx, ['portal-server/serve.ts'], { env: { ...cleanEnv(), DATA_DIR: dataDir, PORT: '0', STAFF_PORT: '0' } });
    try {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`pas de bannière : ${output}`)), 30_000);
        child.stdout.on('data', () => {
          if (output.includes('Démo — parent')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(output).toContain('Base de démonstration créée');
      expect(output).toContain('jean.dupont / Bonbons2015');
      expect(output).toContain('agent / Mairie2015');
      const portalUrl = /Portail des familles : (\S+)/.exec(output)![1]!;
      const staffUrl = /Back-office \(navigateur\) : (\S+)/.exec(output)![1]!;
      expect(staffUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${portalUrl}/connexion`)).text()).toContain('Accès famille');
      const me = await fetch(`${staffUrl}/staff-api/auth.me`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Staff-Api': '1' },
        body: '{}',
      });
      expect(me.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
