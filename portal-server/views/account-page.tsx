import type { AccountAdult, FamilyAccountView } from '../../shared/core/families/family-account-view';
import { yesNo } from '../../shared/domain/labels';
import { FamilyLayout, type HeaderInfo } from './layout';

type Pair = [string, string];

function PairsTable({ caption, pairs }: { caption: string; pairs: Pair[] }) {
  return (
    <dl className="pairs two-columns" aria-label={caption}>
      {pairs.map(([label, value]) => (
        <div key={label} className="pair"><dt>{label} :</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}

function adultPairs(a: AccountAdult): Pair[] {
  return [
    ['Adresse', a.address], ['Code postal', a.postalCode], ['Ville', a.city], ['Téléphone domicile', a.phoneHome],
    ['Téléphone prof.', a.phoneWork], ['Mobile', a.phoneMobile], ['Email', a.email],
  ];
}

/** The manual's « Onglet Mon compte »: « Informations famille », « Mon compte », « Mon conjoint ». */
export function AccountPage({ header, csrfToken, view }: { header: HeaderInfo; csrfToken: string; view: FamilyAccountView }) {
  const r = view.responsable;
  const c = view.conjoint;
  return (
    <FamilyLayout title="Mon compte" header={header} active="/mon-compte" csrfToken={csrfToken}>
      <h2>Informations famille</h2>
      {r ? (
        <section className="card" aria-labelledby="mon-compte-title">
          <h3 id="mon-compte-title">Mon compte</h3>
          <PairsTable caption="Mon compte" pairs={[
            ['Civilité', r.civility], ['N° Famille', view.familyNumber], ['Nom', r.lastName], ['Prénom', r.firstName],
            ['Ouverture', r.quality], ['Situation', view.situation], ...adultPairs(r),
            ['Titulaire du compte', view.accountHolder], ['Nom banque', view.bankName], ['Profession', r.profession], ['CSP', r.csp],
            ['Employeur', r.employer], ['Adresse employeur', r.employerAddress], ['Autorisation courriel', yesNo(r.emailAllowed)],
            ['Autorisation SMS', yesNo(r.smsAllowed)], ['Organisme rattachement', view.attachedBody],
          ]} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="conjoint-title">
        <h3 id="conjoint-title">Mon conjoint</h3>
        {c ? (
          <PairsTable caption="Mon conjoint" pairs={[
            ['Nom', c.lastName], ['Prénom', c.firstName], ...adultPairs(c), ['Profession', c.profession], ['CSP', c.csp],
            ['Employeur', c.employer], ['Adresse employeur', c.employerAddress], ['Autorisation courriel', yesNo(c.emailAllowed)],
            ['Autorisation SMS', yesNo(c.smsAllowed)],
          ]} />
        ) : <p>Aucun conjoint n'est enregistré.</p>}
      </section>
      <p className="note">
        Une information est inexacte ? Signalez-le à la mairie : les demandes de modification de la fiche famille
        seront transmises à la commune, qui les acceptera ou les refusera.
      </p>
    </FamilyLayout>
  );
}
