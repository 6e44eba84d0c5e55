import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Knex } from 'knex';

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
export function fileOutboxTransport(outboxDir: string, from: string) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    from,
    async send(message: OutgoingEmail): Promise<void> {
      const info = await transport.sendMail({ from, ...message });
      await fs.mkdir(outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-zA-Z0-9]/g, '')}.eml`;
      await fs.writeFile(path.join(outboxDir, name), info.message as Buffer);
    },
  };
}

export function smtpTransport(settings: SmtpSettings) {
  const transport: Transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
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

/**
 * Chooses the transport from the commune's settings at each delivery: SMTP when a host is set,
 * the file outbox otherwise.
 */
export function createMailer(options: { outboxDir: string }): Mailer {
  return {
    async deliverPending(db) {
      const settings = await db('commune_settings').where({ id: 1 }).first();
      const transport: Transport = settings?.smtp_host
        ? smtpTransport({
            host: settings.smtp_host,
            port: Number(settings.smtp_port),
            secure: Boolean(settings.smtp_secure),
            user: settings.smtp_user,
            password: settings.smtp_password,
            from: settings.smtp_from || settings.email,
          })
        : fileOutboxTransport(options.outboxDir, settings?.smtp_from || settings?.email || 'portail@localhost');
      const pending = await db('email_outbox').where({ status: 'pending' }).orderBy('id').limit(100);
      let sent = 0;
      let failed = 0;
      for (const row of pending) {
        try {
          await transport.send({ to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body ?? undefined });
          await db('email_outbox')
            .where({ id: row.id })
            .update({ status: 'sent', sent_at: new Date().toISOString(), attempts: row.attempts + 1 });
          sent += 1;
        } catch (error) {
          const attempts = row.attempts + 1;
          await db('email_outbox')
            .where({ id: row.id })
            .update({ status: attempts >= 5 ? 'failed' : 'pending', attempts, last_error: String(error).slice(0, 1000) });
          failed += 1;
        }
      }
      return { sent, failed };
    },
  };
}

export async function queueEmail(db: Knex | Knex.Transaction, message: OutgoingEmail, at: string): Promise<void> {
  await db('email_outbox').insert({
    to_address: message.to,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html ?? null,
    status: 'pending',
    attempts: 0,
    created_at: at,
  });
}
