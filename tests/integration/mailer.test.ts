import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, queueEmail } from '../../shared/core/mail/mailer';
import { createTestCore, type TestCore } from '../support/test-app';

let core: TestCore;
beforeAll(async () => {
  core = await createTestCore();
});
afterAll(async () => {
  await core?.destroy();
});

describe('the demo’s file outbox (nodemailer)', () => {
  it('writes each queued e-mail as an .eml file and marks it sent', async () => {
    await queueEmail(
      core.db,
      {
        to: 'jean.dupont@wanadoo.fr',
        subject: 'Activez votre accès',
        text: 'Bonjour JEAN DUPONT,\nvotre lien : https://portail/activation/abc',
      },
      '2026-11-30T09:00:00Z',
    );
    const result = await createMailer({ outboxDir: core.outboxDir }).deliverPending(core.db);
    expect(result).toEqual({ sent: 1, failed: 0 });
    const files = fs.readdirSync(core.outboxDir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(core.outboxDir, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: jean\.dupont@wanadoo\.fr$/m);
    expect(eml).toMatch(/^From: .*contact@stmartin-auxigny\.fr/m);
    expect(eml).toContain('Subject: =?UTF-8?Q?Activez_votre_acc=C3=A8s?=');
    expect((await core.db('email_outbox').first('status')).status).toBe('sent');
    expect(await createMailer({ outboxDir: core.outboxDir }).deliverPending(core.db)).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a message it could not send, to try again', async () => {
    await core.db('commune_settings').update({ smtp_host: '127.0.0.1', smtp_port: 1, smtp_from: 'mairie@exemple.fr' });
    await queueEmail(core.db, { to: 'marie.martin@exemple.fr', subject: 'Test', text: 'Test' }, '2026-11-30T09:00:00Z');
    const result = await createMailer({ outboxDir: core.outboxDir }).deliverPending(core.db);
    expect(result).toEqual({ sent: 0, failed: 1 });
    const row = await core.db('email_outbox').where({ to_address: 'marie.martin@exemple.fr' }).first();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
  });
});
