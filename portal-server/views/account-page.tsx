import type { AccountAdult, FamilyAccountView } from '../../shared/core/families/family-account-view';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';
import { SECTIONS, maskIban } from '../../shared/contracts/record-sections';
import { yesNo } from '../../shared/domain/labels';
import { FORM, INFO, IconNav, PERSON } from './home-icons';
import { FamilyLayout, type HeaderInfo } from './layout';
import { PendingRequests } from './request-pages';

/** label, value, and the request field it belongs to (to say when a change is pending). */
type Pair = [string, string, string?];

function PairsTable({ caption, pairs, pending }: { caption: string; pairs: Pair[]; pending: Map<string, string> }) {
  return (
    <dl className="pairs two-columns" aria-label={caption}>
      {pairs.map(([label, value, key]) => (
        <div key={label} className="pair">
          <dt>{label} :</dt>
          <dd>
            {value}
            {key && pending.has(key) ? <span className="pending-mark"> (modification en attente : {pending.get(key)})</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function adultPairs(a: AccountAdult): Pair[] {
  return [
    ['Adresse', a.address, 'address'],
    ['Code postal', a.postalCode, 'postalCode'],
    ['Ville', a.city, 'city'],
    ['Téléphone domicile', a.phoneHome, 'phoneHome'],
    ['Téléphone prof.', a.phoneWork, 'phoneWork'],
    ['Mobile', a.phoneMobile, 'phoneMobile'],
    ['Email', a.email, 'email'],
  ];
}

export const ACCOUNT_ICONS = [
  { href: '/mon-compte/demande/responsable', icon: PERSON, label: 'Infos Responsable' },
  { href: '/mon-compte/demande/conjoint', icon: PERSON, label: 'Informations Conjoint' },
  { href: '/mon-compte/demande/fiscales', icon: FORM, label: 'Informations Fiscales' },
  { href: '/mon-compte/demande/caf', icon: INFO, label: 'Info CAF' },
  { href: '/mon-compte/demande/bancaires', icon: FORM, label: 'Coordonnées Bancaires' },
];

/** The value asked for each field with a change waiting for the commune, by section. */
export interface AccountPending {
  responsable: Map<string, string>;
  conjoint: Map<string, string>;
  bank: Map<string, string>;
}

/** The manual's « Onglet Mon compte »: « Informations famille », « Mon compte », « Mon conjoint », and the five request icons. */
export function AccountPage(props: {
  header: HeaderInfo;
  csrfToken: string;
  view: FamilyAccountView;
  pending: AccountPending;
  pendingRequests: FamilyRequestRow[];
  notice?: string;
}) {
  const { view, pending } = props;
  const r = view.responsable;
  const c = view.conjoint;
  return (
    <FamilyLayout title="Mon compte" header={props.header} active="/mon-compte" csrfToken={props.csrfToken}>
      {props.notice ? (
        <p className="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <div className="layout-with-icons">
        <IconNav label="Demandes de modification" items={ACCOUNT_ICONS} />
        <div>
          <h2>Informations famille</h2>
          {r ? (
            <section className="card" aria-labelledby="mon-compte-title">
              <h3 id="mon-compte-title">Mon compte</h3>
              <PairsTable
                caption="Mon compte"
                pending={pending.responsable}
                pairs={[
                  ['Civilité', r.civility, 'civility'],
                  ['N° Famille', view.familyNumber],
                  ['Nom', r.lastName, 'lastName'],
                  ['Prénom', r.firstName, 'firstName'],
                  ['Qualité', r.quality, 'quality'],
                  ['Situation', view.situation],
                  ...adultPairs(r),
                  ['Titulaire du compte', view.accountHolder],
                  ['Nom banque', view.bankName],
                  ['IBAN', maskIban(view.iban)],
                  ['Prélèvement automatique', view.directDebit],
                  ['Profession', r.profession, 'profession'],
                  ['CSP', r.csp, 'csp'],
                  ['Employeur', r.employer, 'employer'],
                  ['Adresse employeur', r.employerAddress, 'employerAddress'],
                  ['Autorisation courriel', yesNo(r.emailAllowed), 'emailAllowed'],
                  ['Autorisation SMS', yesNo(r.smsAllowed), 'smsAllowed'],
                  ['Organisme rattachement', view.attachedBody === '0' ? '' : view.attachedBody],
                ]}
              />
              {pending.bank.size > 0 ? (
                <p className="pending-mark">
                  Une modification de vos coordonnées bancaires est en attente :{' '}
                  {SECTIONS.bank.fields
                    .filter((f) => pending.bank.has(f.key))
                    .map((f) => `${f.label} : ${pending.bank.get(f.key)}`)
                    .join(' ; ')}
                  .
                </p>
              ) : null}
            </section>
          ) : null}
          <section className="card" aria-labelledby="conjoint-title">
            <h3 id="conjoint-title">Mon conjoint</h3>
            {c ? (
              <PairsTable
                caption="Mon conjoint"
                pending={pending.conjoint}
                pairs={[
                  ['Nom', c.lastName, 'lastName'],
                  ['Prénom', c.firstName, 'firstName'],
                  ...adultPairs(c),
                  ['Profession', c.profession, 'profession'],
                  ['CSP', c.csp, 'csp'],
                  ['Employeur', c.employer, 'employer'],
                  ['Adresse employeur', c.employerAddress, 'employerAddress'],
                  ['Autorisation courriel', yesNo(c.emailAllowed), 'emailAllowed'],
                  ['Autorisation SMS', yesNo(c.smsAllowed), 'smsAllowed'],
                ]}
              />
            ) : (
              <p>Aucun conjoint n'est enregistré.</p>
            )}
          </section>
          <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
        </div>
      </div>
    </FamilyLayout>
  );
}
