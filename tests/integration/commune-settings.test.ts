import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../shared/security/sealed-secrets';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
let admin = '';
const asAdmin = async (name: string, input: unknown) =>
  (await fixture.core.dispatch({ name, input, sessionToken: admin, source: 'test' })).response as any;

beforeAll(async () => {
  await insertStaffUser(fixture.core.db, { username: 'admin', displayName: 'Admin Mairie', password: 'Admin-2026-x', role: 'admin' }, 'x');
  admin = (
    await fixture.core.dispatch({
      name: 'auth.login',
      input: { username: 'admin', password: 'Admin-2026-x' },
      sessionToken: null,
      source: 'test',
    })
  ).sessionToken!;
});

describe('the commune’s settings page', () => {
  it('changes the commune’s contacts (admins only), refusing a malformed phone', async () => {
    const current = (await fixture.staff('settings.get', {})).value.commune;
    expect(current).toMatchObject({
      name: "Mairie de Saint-Martin-d'Auxigny",
      treasuryName: "Trésorerie des Aix d'Angillon",
      treasuryPhone: '02 48 64 40 72',
    });
    expect(await fixture.staff('settings.updateCommune', current)).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    expect(await asAdmin('settings.updateCommune', { ...current, phone: '12' })).toMatchObject({
      ok: false,
      error: { fields: { phone: 'Numéro de téléphone invalide.' } },
    });
    const saved = await asAdmin('settings.updateCommune', {
      ...current,
      treasuryAddress: '2 place de la Mairie, 18220 Les Aix-d’Angillon',
    });
    expect(saved.value.commune.treasuryAddress).toBe('2 place de la Mairie, 18220 Les Aix-d’Angillon');
  });

  it('keeps the SMTP password write-only: never sent back, kept when left empty, never in the audit trail', async () => {
    const saved = await asAdmin('settings.updateSmtp', {
      host: 'smtp.exemple.fr',
      port: 587,
      secure: false,
      user: 'portail',
      password: 'Secret-SMTP-1',
      from: 'Portail <portail@exemple.fr>',
    });
    expect(saved.value.smtp).toEqual({
      host: 'smtp.exemple.fr',
      port: 587,
      secure: false,
      user: 'portail',
      from: 'Portail <portail@exemple.fr>',
      passwordSet: true,
    });
    expect(JSON.stringify(saved.value)).not.toContain('Secret-SMTP-1');
    await asAdmin('settings.updateSmtp', {
      host: 'smtp.exemple.fr',
      port: 465,
      secure: true,
      user: 'portail',
      password: '',
      from: 'Portail <portail@exemple.fr>',
    });
    // Kept, sealed with the data key: the file itself does not give it away.
    const stored = (await fixture.core.db('commune_settings').first('smtp_password')).smtp_password;
    expect(stored).not.toContain('Secret-SMTP-1');
    expect(open(stored, 'commune_settings.smtp_password')).toBe('Secret-SMTP-1');
    const trail = await fixture.core.db('audit_log').where({ action: 'settings.update' }).select('details_json');
    expect(trail.map((t) => t.details_json).join()).not.toContain('Secret-SMTP-1');
    await asAdmin('settings.updateSmtp', { host: '', port: 587, secure: false, user: '', password: '', from: '' });
  });

  it('sends a test e-mail through the outbox', async () => {
    expect(await asAdmin('settings.testEmail', { to: 'pas-une-adresse' })).toMatchObject({ ok: false, error: { type: 'validation' } });
    expect((await asAdmin('settings.testEmail', { to: 'secretariat@exemple.fr' })).value).toEqual({
      queued: true,
      to: 'secretariat@exemple.fr',
    });
    const mail = await fixture.core.db('email_outbox').where({ to_address: 'secretariat@exemple.fr' }).first();
    expect(mail.subject).toBe("Mairie de Saint-Martin-d'Auxigny : courriel de test");
    const recent = await asAdmin('settings.recentEmails', {});
    expect(recent.value[0]).toMatchObject({ to: 'secretariat@exemple.fr' });
  });
});
