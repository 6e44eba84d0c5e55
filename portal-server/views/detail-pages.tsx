import type { FamilyChildDetail } from '../../shared/core/families/family-child-view';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { yesNo } from '../../shared/domain/labels';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';
import { FORM, INFO, IconNav, PERSON } from './home-icons';
import { PendingRequests } from './request-pages';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';

interface PageBase {
  header: HeaderInfo;
  csrfToken: string;
}

/** A child's record (manual « Mes enfants » b): information, health data, authorised persons. */
export function ChildPage({
  header,
  csrfToken,
  child,
  pendingRequests,
  notice,
}: PageBase & { child: FamilyChildDetail; pendingRequests: FamilyRequestRow[]; notice?: string }) {
  const info = child.information;
  return (
    <FamilyLayout title={`${child.firstName} ${child.lastName}`} header={header} active="/mes-enfants" csrfToken={csrfToken}>
      <p>
        <a href="/mes-enfants">← Mes enfants</a>
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="layout-with-icons">
        <IconNav
          label="Demandes de modification de la fiche enfant"
          items={[
            { href: `/mes-enfants/${child.id}/planning`, icon: FORM, label: 'Planning' },
            { href: `/mes-enfants/${child.id}/personnes-autorisees`, icon: PERSON, label: 'Personnes autorisées' },
            { href: `/mes-enfants/${child.id}/demande/informations`, icon: INFO, label: "Informations de l'enfant" },
            { href: `/mes-enfants/${child.id}/demande/sanitaire`, icon: FORM, label: 'Données sanitaires' },
            { href: `/mes-enfants/${child.id}/vaccinations`, icon: FORM, label: 'Vaccinations' },
          ]}
        />
        <div>
          <section className="card" aria-labelledby="child-info-title">
            <h2 id="child-info-title">Informations enfant</h2>
            <dl className="pairs two-columns">
              {(
                [
                  ['Date de naissance', formatShortFrenchDate(child.birthDate)],
                  ['École', child.school],
                  ['Classe', child.grade],
                  ['Appareil dentaire', yesNo(info.dentalAppliance)],
                  ['Lunettes', yesNo(info.glasses)],
                  ['Appareil auditif', yesNo(info.hearingAid)],
                  ['Autorisation photo', yesNo(info.photoAllowed)],
                  ['Autorisation de sortie', yesNo(info.outingsAllowed)],
                  ['Peut partir seul', yesNo(info.mayLeaveAlone)],
                  ['Assurance', info.insurance],
                  ["Assurance valable jusqu'au", formatShortFrenchDate(info.insuranceValidTo)],
                  ['Autres informations', info.other],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="pair">
                  <dt>{label} :</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="card" aria-labelledby="child-health-title">
            <h2 id="child-health-title">Données sanitaires</h2>
            <dl className="pairs two-columns">
              {(
                [
                  ['Médecin', child.health.doctor],
                  ['Allergies', child.health.allergies || 'Aucune'],
                  ['Régime alimentaire', child.health.diet],
                  ['PAI', child.health.hasPai ? `Oui — ${child.health.paiDetails}` : 'Non'],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="pair">
                  <dt>{label} :</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <h3>Vaccinations</h3>
            <DataTable
              caption="Vaccinations"
              rows={child.vaccinations}
              rowKey={(v) => v.vaccine}
              empty="Aucune vaccination enregistrée."
              columns={[
                { header: 'Vaccin', cell: (v) => v.vaccine },
                { header: 'Date', cell: (v) => formatShortFrenchDate(v.vaccinatedOn) },
                { header: 'Rappel', cell: (v) => formatShortFrenchDate(v.boosterDueOn) },
              ]}
            />
          </section>
          <section className="card" aria-labelledby="child-persons-title">
            <h2 id="child-persons-title">Personnes autorisées à venir chercher l'enfant</h2>
            <DataTable
              caption="Personnes autorisées"
              rows={child.authorizedPersons}
              rowKey={(p) => `${p.name}-${p.phone}`}
              empty="Aucune personne autorisée enregistrée."
              columns={[
                { header: 'Nom', cell: (p) => p.name },
                { header: 'Lien', cell: (p) => p.relationship },
                { header: 'Téléphone', cell: (p) => p.phone },
                { header: 'À prévenir en cas d’urgence', cell: (p) => yesNo(p.emergencyContact) },
              ]}
            />
          </section>
          <PendingRequests requests={pendingRequests} csrfToken={csrfToken} />
        </div>
      </div>
    </FamilyLayout>
  );
}
