import type { Knex } from 'knex';
import { renderPdf } from '../core/pdf/pdf-workers';
import { addDays } from '../domain/french-dates';

/** A short PDF made of a title and paragraphs: the demo commune's published documents. */
async function textPdf(title: string, paragraphs: Array<string | { h: string }>): Promise<Buffer> {
  return renderPdf({
    info: { title },
    content: [
      { text: title, fontSize: 16, bold: true, margin: [0, 0, 0, 12] },
      ...paragraphs.map((p) =>
        typeof p === 'string' ? { text: p, margin: [0, 0, 0, 8] } : { text: p.h, bold: true, fontSize: 12, margin: [0, 6, 0, 4] },
      ),
    ],
  });
}

/**
 * What the demo commune publishes (issue 7): the portal's user manual and the periscolaire
 * rules as PDFs, a form to download and a web link, one of them already out of its dates.
 */
export async function seedDemoDocuments(trx: Knex.Transaction, at: string, schoolYear: string, todayIso: string): Promise<void> {
  const manual = await textPdf('Notice du Portail Famille', [
    'Le Portail Famille vous permet de consulter et de modifier les informations de votre famille, de réserver les services périscolaires de vos enfants, de consulter vos factures et de les payer en ligne.',
    { h: 'Se connecter' },
    'Saisissez l’identifiant et le mot de passe reçus de la mairie. À la première connexion, choisissez votre propre mot de passe.',
    { h: 'Mes enfants' },
    'Cliquez sur le prénom de l’enfant pour ouvrir son planning du mois : cochez les jours puis « Demande de Réserve » ou « Déclarer une absence ».',
    { h: 'Relevé de compte' },
    'Vos factures et vos règlements par année scolaire. Le paiement en ligne (PayFiP) est possible jusqu’à 30 jours après la date d’échéance.',
    { h: 'Boîte de réception' },
    'Écrivez à l’Accueil de Loisirs, à la Garderie périscolaire ou à la mairie ; leurs réponses arrivent dans « Messages reçus ».',
  ]);
  const rules = await textPdf(`Règlement des services périscolaires ${schoolYear}`, [
    { h: 'Article 1 — Inscription' },
    'L’inscription se fait chaque année au moyen du dossier d’inscription, complété et signé.',
    { h: 'Article 2 — Réservations et annulations' },
    'Les réservations de la restauration scolaire et de la garderie se font au plus tard deux jours ouvrés avant 10 h ; celles de l’accueil de loisirs des vacances, au plus tard le mercredi de la semaine précédente à 18 h. Une absence déclarée hors délai est facturée, sauf certificat médical.',
    { h: 'Article 3 — Tarifs' },
    'Les tarifs dépendent du quotient familial. Sans justificatif, le tarif le plus élevé s’applique.',
    { h: 'Article 4 — Facturation' },
    'Une facture mensuelle est adressée à chaque famille. Elle se règle par carte bancaire en ligne, chèque, espèces ou prélèvement.',
  ]);
  const outing = await textPdf('Autorisation de sortie', [
    'Je soussigné(e) ………………………………, responsable de l’enfant ………………………………, l’autorise à quitter seul l’accueil périscolaire à ……… h ………, à compter du ………………………………',
    'Fait à ………………………………, le ……………………………… Signature :',
  ]);
  const file = (
    title: string,
    category: string,
    position: number,
    filename: string,
    content: Buffer,
    extra: Record<string, unknown> = {},
  ) => ({
    title,
    category,
    kind: 'file',
    filename,
    mime_type: 'application/pdf',
    size_bytes: content.length,
    content,
    position,
    visible: true,
    created_at: at,
    updated_at: at,
    ...extra,
  });
  await trx('documents').insert([
    file('Notice du Portail Famille', 'notice', 1, 'notice-portail-famille.pdf', manual),
    file(`Règlement des services périscolaires ${schoolYear}`, 'reglement', 1, `reglement-periscolaire-${schoolYear}.pdf`, rules),
    file('Autorisation de sortie', 'formulaire', 1, 'autorisation-de-sortie.pdf', outing),
    {
      title: 'Calculer son quotient familial (caf.fr)',
      category: 'information',
      kind: 'link',
      url: 'https://www.caf.fr/allocataires/mes-services-en-ligne',
      position: 2,
      visible: true,
      created_at: at,
      updated_at: at,
    },
    // Out of its dates: kept for the record, not shown to families.
    file('Menus de la rentrée', 'information', 3, 'menus-rentree.pdf', outing, { published_to: addDays(todayIso, -30) }),
  ]);
}
