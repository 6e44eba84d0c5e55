import type { ReactNode } from 'react';
import { ownValue } from '../../shared/domain/own-key';
import type { FamilyInbox, InboxConversation } from '../../shared/core/messages/family-inbox';
import type { FamilyThread } from '../../shared/core/messages/family-messaging';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';

function MessageTable({
  caption,
  rows,
  empty,
  who,
  answers,
}: {
  caption: string;
  rows: InboxConversation[];
  empty: string;
  who: string;
  answers?: boolean;
}) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(m) => m.id}
      empty={empty}
      columns={[
        { header: 'Date', cell: (m) => formatShortFrenchDate(m.lastAt.slice(0, 10)) },
        { header: who, cell: (m) => m.structure },
        {
          header: 'Objet',
          cell: (m) => (
            <a href={`/messages/${m.id}`} className={m.unread ? 'unread' : undefined}>
              {m.subject}
              {m.unread ? ' (non lu)' : ''}
            </a>
          ),
        },
        ...(answers
          ? [
              {
                header: 'Réponses',
                cell: (m: InboxConversation) => (m.answers ? `${m.answers} réponse${m.answers > 1 ? 's' : ''}` : 'En attente'),
              },
            ]
          : []),
      ]}
    />
  );
}

const NOTICES: Record<string, (subject: string | undefined) => string> = {
  envoye: () => 'Votre message est envoyé : il apparaît dans « Messages envoyés » avec les réponses que vous recevrez.',
  supprime: (subject) =>
    subject
      ? `La conversation « ${subject} » est dans « Messages supprimés », avec tous ses messages : vous pouvez la restaurer.`
      : 'La conversation est dans « Messages supprimés », avec tous ses messages : vous pouvez la restaurer.',
  restaure: (subject) => (subject ? `La conversation « ${subject} » est restaurée.` : 'La conversation est restaurée.'),
};

/** The manual's « Onglet Boîte de réception »: write, messages received, sent (with the answers) and deleted. */
export function InboxPage({
  header,
  csrfToken,
  inbox,
  notice,
  subject,
}: {
  header: HeaderInfo;
  csrfToken: string;
  inbox: FamilyInbox;
  notice?: string;
  /** The conversation the notice is about, read from the database. */
  subject?: string;
}) {
  const noticeText = ownValue(NOTICES, notice)?.(subject);
  return (
    <FamilyLayout title="Boîte de réception" header={header} active="/boite-de-reception" csrfToken={csrfToken}>
      {noticeText ? (
        <p className="notice" role="status">
          {noticeText}
        </p>
      ) : null}
      <p>
        <a href="/boite-de-reception/nouveau" className="action-link">
          Écrire un message
        </a>
      </p>
      <section className="card" aria-labelledby="received-title">
        <h2 id="received-title">Messages reçus</h2>
        <MessageTable caption="Messages reçus" rows={inbox.received} empty="Aucun message reçu." who="De" />
      </section>
      <section className="card" aria-labelledby="sent-title">
        <h2 id="sent-title">Messages envoyés</h2>
        <MessageTable caption="Messages envoyés" rows={inbox.sent} empty="Aucun message envoyé." who="À" answers />
      </section>
      <section className="card" aria-labelledby="deleted-title">
        <h2 id="deleted-title">Messages supprimés</h2>
        <MessageTable caption="Messages supprimés" rows={inbox.deleted} empty="Aucun message supprimé." who="Structure" />
      </section>
      {inbox.truncated ? (
        <p className="note">
          Les conversations les plus anciennes ne sont pas affichées : demandez-les à la mairie si vous en avez besoin.
        </p>
      ) : null}
    </FamilyLayout>
  );
}

export type MessageFormErrors = Partial<Record<'structure' | 'subject' | 'body' | 'piece', string>>;

function Field({ id, label, error, note, children }: { id: string; label: string; error?: string; note?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {note ? (
        <p className="field-note" id={`${id}-note`}>
          {note}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
const describedBy = (id: string, error?: string, note?: string) =>
  [note ? `${id}-note` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function AttachmentField({ error }: { error?: string }) {
  const note = 'Facultatif : un PDF ou une photo (JPEG, PNG), 5 Mo au maximum.';
  return (
    <Field id="piece" label="Pièce jointe" error={error} note={note}>
      <input
        id="piece"
        name="piece"
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        aria-describedby={describedBy('piece', error, note)}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

/** « Envoyer un message à la structure d'accueil »: to whom, subject, text, an optional file. */
export function NewMessagePage(props: {
  header: HeaderInfo;
  csrfToken: string;
  recipients: Array<{ id: number | null; name: string }>;
  values?: { structure: string; subject: string; body: string };
  errors?: MessageFormErrors;
  error?: string;
}) {
  const v = props.values ?? { structure: '', subject: '', body: '' };
  const e = props.errors ?? {};
  return (
    <FamilyLayout title="Écrire un message" header={props.header} active="/boite-de-reception" csrfToken={props.csrfToken}>
      <p>
        <a href="/boite-de-reception">← Boîte de réception</a>
      </p>
      {props.error ? (
        <p className="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/boite-de-reception" encType="multipart/form-data" className="card" noValidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <Field id="structure" label="Destinataire" error={e.structure}>
          <select
            id="structure"
            name="structure"
            defaultValue={v.structure}
            required
            aria-describedby={describedBy('structure', e.structure)}
            aria-invalid={e.structure ? true : undefined}
          >
            <option value="">— Choisissez —</option>
            {props.recipients.map((r) => (
              <option key={r.id ?? 'mairie'} value={r.id ?? 'mairie'}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="subject" label="Objet" error={e.subject}>
          <input
            id="subject"
            name="subject"
            type="text"
            maxLength={200}
            defaultValue={v.subject}
            required
            aria-describedby={describedBy('subject', e.subject)}
            aria-invalid={e.subject ? true : undefined}
          />
        </Field>
        <Field id="body" label="Message" error={e.body}>
          <textarea
            id="body"
            name="body"
            rows={8}
            maxLength={5000}
            defaultValue={v.body}
            required
            aria-describedby={describedBy('body', e.body)}
            aria-invalid={e.body ? true : undefined}
          />
        </Field>
        <AttachmentField error={e.piece} />
        <button type="submit" className="primary">
          Envoyer
        </button>
      </form>
    </FamilyLayout>
  );
}

const messagesOf = (count: number) => (count > 1 ? `Les ${count} messages` : 'Le message');

/** One message and its thread: the first message and every answer, with reply, delete and restore. */
export function ThreadPage(props: {
  header: HeaderInfo;
  csrfToken: string;
  thread: FamilyThread;
  errors?: MessageFormErrors;
  error?: string;
  body?: string;
}) {
  const { thread } = props;
  const e = props.errors ?? {};
  return (
    <FamilyLayout title={thread.subject} header={props.header} active="/boite-de-reception" csrfToken={props.csrfToken}>
      <p>
        <a href="/boite-de-reception">← Boîte de réception</a>
      </p>
      {props.error ? (
        <p className="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {thread.deleted ? (
        <p className="notice" role="status">
          Cette conversation est dans « Messages supprimés ».
        </p>
      ) : null}
      {thread.messages.map((m) => (
        <article key={m.id} className={`card message${m.id === thread.id ? ' opened' : ''}`} aria-labelledby={`message-${m.id}`}>
          <h2 id={`message-${m.id}`} className="message-meta">
            {m.fromFamily ? `Vous, à ${thread.structure}` : thread.structure} — le {formatShortFrenchDate(m.createdAt.slice(0, 10))}
            {m.deleted && !thread.deleted ? ' (supprimé)' : ''}
          </h2>
          <p className="message-body">{m.body}</p>
          {m.attachments.length ? (
            <ul className="attachments">
              {m.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/messages/${m.id}/pieces/${a.id}`}>{a.filename}</a>{' '}
                  <span className="note">({Math.max(1, Math.round(a.sizeBytes / 1024))} Ko)</span>
                </li>
              ))}
            </ul>
          ) : null}
        </article>
      ))}
      <form method="post" action={`/messages/${thread.id}/repondre`} encType="multipart/form-data" className="card" noValidate>
        <h2>Répondre</h2>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <Field id="body" label="Votre réponse" error={e.body}>
          <textarea
            id="body"
            name="body"
            rows={6}
            maxLength={5000}
            defaultValue={props.body ?? ''}
            required
            aria-describedby={describedBy('body', e.body)}
            aria-invalid={e.body ? true : undefined}
          />
        </Field>
        <AttachmentField error={e.piece} />
        <button type="submit" className="primary">
          Envoyer la réponse
        </button>
      </form>
      <form method="post" action={`/messages/${thread.id}/${thread.deleted ? 'restaurer' : 'supprimer'}`} className="inline-form">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="jusqua" value={Math.max(...thread.messages.map((m) => m.id))} />
        <button type="submit" aria-describedby="delete-note">
          {thread.deleted ? 'Restaurer cette conversation' : 'Supprimer cette conversation'}
        </button>
        <p className="note" id="delete-note">
          {thread.deleted
            ? `${messagesOf(thread.messages.length)} de la conversation revien${thread.messages.length > 1 ? 'nent' : 't'} dans vos boîtes.`
            : `${messagesOf(thread.messages.length)} de la conversation ${thread.messages.length > 1 ? 'vont' : 'va'} dans « Messages supprimés » ; rien n’est effacé et vous pourrez la restaurer.`}
        </p>
      </form>
    </FamilyLayout>
  );
}
