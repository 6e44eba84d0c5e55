import type { FamilyInbox, InboxMessage } from '../../shared/core/messages/family-inbox';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';

function MessageTable({ caption, rows, empty, who }: { caption: string; rows: InboxMessage[]; empty: string; who: string }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(m) => m.id}
      empty={empty}
      columns={[
        { header: 'Date', cell: (m) => formatShortFrenchDate(m.createdAt.slice(0, 10)) },
        { header: who, cell: (m) => m.structure },
        { header: 'Objet', cell: (m) => <a href={`/messages/${m.id}`} className={m.read ? undefined : 'unread'}>{m.subject}{m.read ? '' : ' (non lu)'}</a> },
      ]}
    />
  );
}

/** The manual's « Onglet Boîte de réception »: messages received, sent and deleted. */
export function InboxPage({ header, csrfToken, inbox }: { header: HeaderInfo; csrfToken: string; inbox: FamilyInbox }) {
  return (
    <FamilyLayout title="Boîte de réception" header={header} active="/boite-de-reception" csrfToken={csrfToken}>
      <section className="card" aria-labelledby="received-title">
        <h2 id="received-title">Messages reçus</h2>
        <MessageTable caption="Messages reçus" rows={inbox.received} empty="Aucun message reçu." who="De" />
      </section>
      <section className="card" aria-labelledby="sent-title">
        <h2 id="sent-title">Messages envoyés</h2>
        <MessageTable caption="Messages envoyés" rows={inbox.sent} empty="Aucun message envoyé." who="À" />
      </section>
      <section className="card" aria-labelledby="deleted-title">
        <h2 id="deleted-title">Messages supprimés</h2>
        <MessageTable caption="Messages supprimés" rows={inbox.deleted} empty="Aucun message supprimé." who="Structure" />
      </section>
    </FamilyLayout>
  );
}
