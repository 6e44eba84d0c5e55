import fs from 'node:fs/promises';
import { open } from '../../security/sealed-secrets';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Knex } from 'knex';
import { systemClock, type Clock } from '../clock';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Sends what the outbox holds. Operations never send directly: they queue in `email_outbox`
 * inside their transaction (see queueEmail), so a rolled-back change sends nothing, and a
 * failed send stays in the outbox to be retried.
 */
export interface Mailer {
  deliverPending(db: Knex): Promise<{ sent: number; failed: number }>;
  /** Resolves when the deliveries in progress have finished (a graceful stop waits for it). */
  idle(): Promise<void>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  from: string;
}

/** The demo's transport: each message is written as an .eml file under `outboxDir`. */
export function fileOutboxTransport(outboxDir: string, from: string, clock: Clock = systemClock) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    from,
    async send(message: OutgoingEmail): Promise<void> {
      const info = await transport.sendMail({ from, ...message });
      await fs.mkdir(outboxDir, { recursive: true });
      const name = `${clock.now().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-zA-Z0-9]/g, '')}.eml`;
      await fs.writeFile(path.join(outboxDir, name), info.message as Buffer);
    },
  };
}

export function smtpTransport(settings: SmtpSettings) {
  const transport: Transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // Well within a delivery's five-minute claim: a silent server fails the send, which is tried
    // again later, instead of outliving the claim and letting the next delivery send it twice.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
  });
  return {
    from: settings.from,
    async send(message: OutgoingEmail): Promise<void> {
      await transport.sendMail({ from: settings.from, ...message });
    },
  };
}

type Transport = ReturnType<typeof fileOutboxTransport>;

/** A claimed message is the claimer's for this long: a process that died while sending leaves it to the next delivery. */
const CLAIM_MS = 5 * 60_000;
/** Minutes before each new try of a failed message; after the last, it is marked failed for an agent to see. */
const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 240];

/** A row another delivery may take: pending and due, or claimed by a delivery that never finished. */
function claimable(query: Knex.QueryBuilder, at: string): Knex.QueryBuilder {
  return query.where((w) =>
    w
      .where((p) => p.where({ status: 'pending' }).andWhere((d) => d.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', at)))
      .orWhere((c) => c.where({ status: 'sending' }).andWhere('claimed_until', '<', at)),
  );
}

/**
 * Chooses the transport from the commune's settings at each delivery: SMTP when a host is set,
 * the file outbox otherwise. Each message is claimed by one conditional UPDATE before it is
 * sent, so that deliveries running together (four « Mot de passe oublié » at once, two
 * processes) send every message once; a failed one is tried again later, with backoff, by the
 * periodic delivery (see startApplication).
 */
export function createMailer(options: { outboxDir: string; clock?: Clock }): Mailer {
  const clock = options.clock ?? systemClock;
  const inFlight = new Set<Promise<unknown>>();
  const mailer: Mailer = {
    deliverPending(db) {
      const delivery = deliver(db);
      inFlight.add(delivery);
      delivery.then(
        () => inFlight.delete(delivery),
        () => inFlight.delete(delivery),
      );
      return delivery;
    },
    async idle() {
      await Promise.allSettled([...inFlight]);
    },
  };
  return mailer;

  async function deliver(db: Knex): Promise<{ sent: number; failed: number }> {
    {
      const settings = await db('commune_settings').where({ id: 1 }).first();
      const transport: Transport = settings?.smtp_host
        ? smtpTransport({
            host: settings.smtp_host,
            port: Number(settings.smtp_port),
            secure: Boolean(settings.smtp_secure),
            user: settings.smtp_user,
            password: open(settings.smtp_password, 'commune_settings.smtp_password'),
            from: settings.smtp_from || settings.email,
          })
        : fileOutboxTransport(options.outboxDir, settings?.smtp_from || settings?.email || 'portail@localhost', clock);
      const now = () => clock.now();
      const candidates = await claimable(db('email_outbox'), now().toISOString()).orderBy('id').limit(100).select('id');
      let sent = 0;
      let failed = 0;
      for (const { id } of candidates) {
        const at = now();
        const claimed = await claimable(db('email_outbox').where({ id }), at.toISOString()).update({
          status: 'sending',
          claimed_until: new Date(at.getTime() + CLAIM_MS).toISOString(),
        });
        if (!claimed) continue; // another delivery took it
        const row = await db('email_outbox').where({ id }).first();
        try {
          await transport.send({ to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body ?? undefined });
          await db('email_outbox')
            .where({ id, status: 'sending' })
            .update({ status: 'sent', sent_at: now().toISOString(), attempts: row.attempts + 1, claimed_until: null });
          sent += 1;
        } catch (error) {
          const attempts = row.attempts + 1;
          const delay = RETRY_DELAYS_MINUTES[attempts - 1];
          await db('email_outbox')
            .where({ id, status: 'sending' })
            .update({
              status: delay === undefined ? 'failed' : 'pending',
              attempts,
              last_error: String(error).slice(0, 1000),
              next_attempt_at: delay === undefined ? null : new Date(now().getTime() + delay * 60_000).toISOString(),
              claimed_until: null,
            });
          failed += 1;
        }
      }
      return { sent, failed };
    }
  }
}

const outboxRow = (message: OutgoingEmail, at: string) => ({
  to_address: message.to,
  subject: message.subject,
  text_body: message.text,
  html_body: message.html ?? null,
  status: 'pending',
  attempts: 0,
  created_at: at,
});

export async function queueEmail(db: Knex | Knex.Transaction, message: OutgoingEmail, at: string): Promise<void> {
  await db('email_outbox').insert(outboxRow(message, at));
}

/** Many messages of one operation (a month's invoice notices), a few hundred rows per INSERT. */
export async function queueEmails(db: Knex | Knex.Transaction, messages: OutgoingEmail[], at: string): Promise<void> {
  for (let i = 0; i < messages.length; i += 200) await db('email_outbox').insert(messages.slice(i, i + 200).map((m) => outboxRow(m, at)));
}
