import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, queueEmail } from '../../shared/core/mail/mailer';
import os from 'node:os';
import { createTestCore, TEST_NOW, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';

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
    const result = await createMailer({ outboxDir: core.outboxDir, clock: core.clock }).deliverPending(core.db);
    expect(result).toEqual({ sent: 1, failed: 0 });
    const files = fs.readdirSync(core.outboxDir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(core.outboxDir, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: jean\.dupont@wanadoo\.fr$/m);
    expect(eml).toMatch(/^From: .*contact@stmartin-auxigny\.fr/m);
    expect(eml).toContain('Subject: =?UTF-8?Q?Activez_votre_acc=C3=A8s?=');
    expect((await core.db('email_outbox').where({ subject: 'Activez votre accès' }).first('status')).status).toBe('sent');
    expect(await createMailer({ outboxDir: core.outboxDir, clock: core.clock }).deliverPending(core.db)).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a message it could not send, to try again', async () => {
    await core.db('commune_settings').update({ smtp_host: '127.0.0.1', smtp_port: 1, smtp_from: 'mairie@exemple.fr' });
    await queueEmail(core.db, { to: 'marie.martin@exemple.fr', subject: 'Essai SMTP', text: 'Test' }, '2026-11-30T09:00:00Z');
    const result = await createMailer({ outboxDir: core.outboxDir, clock: core.clock }).deliverPending(core.db);
    expect(result).toEqual({ sent: 0, failed: 1 });
    const row = await core.db('email_outbox').where({ subject: 'Essai SMTP' }).first();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
  });

  it('tries a failed message again on its schedule (1, 5, 15, 60, 240 minutes), then marks it failed', async () => {
    const clock = new TestClock(TEST_NOW);
    const mailer = createMailer({ outboxDir: core.outboxDir, clock });
    const attempts = async () => (await core.db('email_outbox').where({ subject: 'Essai SMTP' }).first()).attempts;
    clock.advanceMinutes(0.5); // half a minute after the first failure: not yet
    await mailer.deliverPending(core.db);
    expect(await attempts()).toBe(1);
    for (const [minutes, expected] of [
      [1, 2],
      [5, 3],
      [15, 4],
      [60, 5],
    ] as const) {
      clock.advanceMinutes(minutes);
      await mailer.deliverPending(core.db);
      expect(await attempts()).toBe(expected);
    }
    clock.advanceMinutes(240);
    await mailer.deliverPending(core.db);
    expect(await core.db('email_outbox').where({ subject: 'Essai SMTP' }).first()).toMatchObject({
      status: 'failed',
      attempts: 6,
    });
    await core.db('commune_settings').update({ smtp_host: '' });
  });
});

describe('deliveries running together', () => {
  it('send every e-mail once, whatever the number of deliveries', async () => {
    const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-once-'));
    for (let i = 0; i < 4; i += 1) {
      await queueEmail(core.db, { to: `parent${i}@exemple.fr`, subject: 'Mot de passe oublié', text: `Lien ${i}` }, TEST_NOW);
    }
    // Four « Mot de passe oublié » at once each start a delivery, and two processes run theirs.
    const results = await Promise.all(
      Array.from({ length: 8 }, () => createMailer({ outboxDir: outbox, clock: core.clock }).deliverPending(core.db)),
    );
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(4);
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(4);
    const rows = await core.db('email_outbox').where('to_address', 'like', 'parent%').select('status', 'attempts');
    expect(rows).toEqual(Array(4).fill({ status: 'sent', attempts: 1 }));
    fs.rmSync(outbox, { recursive: true, force: true });
  });
});
