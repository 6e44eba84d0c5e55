import Router from '@koa/router';
import { today } from '../../shared/core/clock';
import { CALENDAR_YEARS, isCalendarDate, isCalendarMonth } from '../../shared/domain/french-dates';
import { accountStatement } from '../../shared/core/billing/statement';
import { familyAccountView, familyChildren } from '../../shared/core/families/family-account-view';
import { homeView } from '../../shared/core/home/service';
import { sessionHeader } from './page-header';
import { familyRecentRequests } from '../../shared/core/requests/family-requests';
import { AccountPage } from '../views/account-page';
import { ChildrenPage } from '../views/children-page';
import { HomePage } from '../views/home-page';
import { RequestsPage } from '../views/requests-page';
import { StatementPage } from '../views/statement-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { requireCsrf, requireFamily } from './guards';
import { pendingFieldValues } from '../../shared/core/requests/pending-fields';
import { familyPendingRequests } from '../../shared/core/requests/family-requests';
import { submitFamilyRequest } from '../../shared/core/requests/submit';
import {
  ABSENCE_DETAILS_MAX,
  ABSENCE_REASONS,
  ACCOUNT_REQUEST_CATEGORIES,
  CHILDREN_REQUEST_CATEGORIES,
  REQUEST_FILTERS,
} from '../../shared/domain/labels';

import { withdrawFamilyRequest } from '../../shared/core/requests/withdraw';
import { renderChildPage } from './child-page';
import { requestNotice } from './request-notice';
import { reminderPreference, setReminderPreference } from '../../shared/core/families/reminder-preference';
import { PlanningPage, type PlanningFormValues } from '../views/planning-page';
import { EnrolmentsPage, type EnrolmentFormValues } from '../views/enrolments-page';
import { enrolableServices } from '../../shared/core/enrolments/enrolment-request';
import { familyChildEnrolments } from '../../shared/core/enrolments/family-enrolments';
import { childPlanningMonth } from '../../shared/core/planning/child-month';
import { referenceData } from '../../shared/core/reference/reference-data';
import { bookDays, type BookingAction, type BookingOutcome } from '../../shared/core/planning/booking';
import { checkCertificate, MAX_CERTIFICATE_BYTES } from '../../shared/core/planning/certificate';
import { OperationError } from '../../shared/core/errors';
import { singleFileUpload, utf8FileName } from './uploads';

/** A month holds at most 31 days for each of a child's services: a form asking more was not built by the planning. */
const MAX_DAYS_PER_FORM = 200;
/** The buttons of the planning's form. */
const BOOKING_ACTIONS: readonly BookingAction[] = ['reserve', 'cancel', 'absence'];
const certificateUpload = singleFileUpload('certificat', MAX_CERTIFICATE_BYTES, 'Le certificat dépasse 5 Mo');
import { sourceOf } from '../security';
import { communeContacts } from './commune-contacts';
import type { Context } from 'koa';
import { familyNotFound, idParam } from './family-not-found';

const REMINDER_NOTICES = new Map([
  ['oui', 'C’est noté : vous serez prévenu par courriel avant chaque date limite de réservation.'],
  ['non', 'C’est noté : vous ne recevrez plus de rappel des dates limites de réservation.'],
]);

/** The family's own pages: every query is scoped by the session's family, never by the URL. */
export function familyRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  // Pages read through the readers; changes go through the writer (`db`).
  const { db, reader, clock } = deps;

  router.get('/accueil', requireFamily, async (ctx) => {
    const session = ctx.state.session!;
    const view = await homeView(reader, sessionHeader(ctx, clock), session.actor.familyId);
    ctx.body = renderPage(<HomePage view={view} csrfToken={session.csrfToken} />);
  });

  router.get('/mon-compte', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const [header, view] = [sessionHeader(ctx, clock), await familyAccountView(reader, actor.familyId)];
    const pending = {
      responsable: await pendingFieldValues(reader, actor.familyId, 'responsable'),
      conjoint: await pendingFieldValues(reader, actor.familyId, 'conjoint'),
      bank: await pendingFieldValues(reader, actor.familyId, 'bank'),
    };
    const pendingRequests = await familyPendingRequests(reader, actor.familyId, ACCOUNT_REQUEST_CATEGORIES);
    ctx.body = renderPage(
      <AccountPage
        header={header}
        csrfToken={csrfToken}
        view={view}
        pending={pending}
        pendingRequests={pendingRequests}
        notice={requestNotice(ctx.query.demande)}
      />,
    );
  });

  router.get('/mes-enfants', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const [header, children] = [sessionHeader(ctx, clock), await familyChildren(reader, actor.familyId)];
    const pendingRequests = await familyPendingRequests(reader, actor.familyId, CHILDREN_REQUEST_CATEGORIES);
    const reminders = await reminderPreference(reader, actor.familyId);
    ctx.body = renderPage(
      <ChildrenPage
        header={header}
        csrfToken={csrfToken}
        familyChildren={children}
        pendingRequests={pendingRequests}
        notice={requestNotice(ctx.query.demande) ?? REMINDER_NOTICES.get(String(ctx.query.rappels))}
        reminders={reminders}
      />,
    );
  });

  router.post('/mes-enfants/rappels', requireFamily, requireCsrf, async (ctx) => {
    const { actor } = ctx.state.session!;
    const wanted = ((ctx.request.body ?? {}) as Record<string, unknown>).rappels === 'oui';
    await setReminderPreference(
      db,
      clock,
      { familyId: actor.familyId, accountId: actor.accountId, login: actor.login, source: sourceOf(ctx) },
      wanted,
    );
    ctx.redirect(`/mes-enfants?rappels=${wanted ? 'oui' : 'non'}`);
  });

  router.get('/releve-de-compte', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const requestedYear = typeof ctx.query.annee === 'string' ? ctx.query.annee : undefined;
    const header = sessionHeader(ctx, clock);
    const statement = await accountStatement(reader, actor.familyId, requestedYear, today(clock));
    const { commune } = await referenceData(reader);
    ctx.body = renderPage(
      <StatementPage
        header={header}
        csrfToken={csrfToken}
        statement={statement}
        treasury={{ name: commune.treasuryName, phone: commune.treasuryPhone }}
      />,
    );
  });

  router.get('/liste-des-demandes', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const header = sessionHeader(ctx, clock);
    const view = ctx.query.vue === 'enfants' ? 'enfants' : 'compte';
    const filter = REQUEST_FILTERS[view].find((f) => f.category === ctx.query.type);
    const type = filter?.category;
    const categories = filter ? [filter.category] : view === 'compte' ? ACCOUNT_REQUEST_CATEGORIES : CHILDREN_REQUEST_CATEGORIES;
    const requests = await familyRecentRequests(reader, actor.familyId, today(clock), categories);
    ctx.body = renderPage(
      <RequestsPage
        header={header}
        csrfToken={csrfToken}
        requests={requests}
        view={view}
        type={type}
        withdrawn={ctx.query.retiree === '1'}
      />,
    );
  });

  /** The same answer for an id that does not exist and for one of another household. */
  const notFound = (ctx: Context & { state: PortalState }, what: string) => familyNotFound(deps, ctx, what);

  router.get('/mes-enfants/:childId', requireFamily, (ctx) => renderChildPage(deps, ctx));

  const renderPlanning = async (
    ctx: Context & { state: PortalState },
    extra: { results?: BookingOutcome[]; error?: string; selected?: Set<string>; entered?: PlanningFormValues } = {},
  ) => {
    const { actor, csrfToken } = ctx.state.session!;
    const childId = idParam(ctx.params.childId);
    const asked = ctx.query.mois;
    const monthRefused = asked !== undefined && !isCalendarMonth(asked);
    const requested = monthRefused || asked === undefined ? today(clock).slice(0, 7) : (asked as string);
    const month = childId === null ? null : await childPlanningMonth(reader, actor.familyId, childId, requested, today(clock));
    if (!month) return notFound(ctx, 'Cet enfant');
    if (monthRefused && !extra.error) {
      extra.error = `Le mois demandé n’existe pas dans le calendrier du portail (mois de ${CALENDAR_YEARS.first} à ${CALENDAR_YEARS.last}, sous la forme 2026-11) : voici le mois en cours.`;
    }
    if (extra.error) ctx.status = 400;
    const { communeEmail } = await communeContacts(reader);
    ctx.body = renderPage(
      <PlanningPage header={sessionHeader(ctx, clock)} csrfToken={csrfToken} month={month} communeEmail={communeEmail} {...extra} />,
    );
  };

  router.get('/mes-enfants/:childId/planning', requireFamily, (ctx) => renderPlanning(ctx));

  // « Inscriptions en cours », the child's second view beside « Agenda », with the form that asks for one more.
  const EMPTY_ENROLMENT_FORM: EnrolmentFormValues = { serviceId: '', startsOn: '', endsOn: '', weekdays: [], comment: '' };
  const renderEnrolments = async (
    ctx: Context & { state: PortalState },
    form: { values: EnrolmentFormValues; errors: Record<string, string>; message?: string } = { values: EMPTY_ENROLMENT_FORM, errors: {} },
    readFrom = reader,
  ) => {
    const { actor, csrfToken } = ctx.state.session!;
    const childId = idParam(ctx.params.childId);
    const view = childId === null ? null : await familyChildEnrolments(readFrom, actor.familyId, childId, today(clock));
    if (!view) return notFound(ctx, 'Cet enfant');
    ctx.body = renderPage(
      <EnrolmentsPage
        header={sessionHeader(ctx, clock)}
        csrfToken={csrfToken}
        view={view}
        form={{ ...form, services: await enrolableServices(readFrom) }}
        pendingRequests={await familyPendingRequests(readFrom, actor.familyId, ['enrolment'], view.child.id)}
        notice={requestNotice(ctx.query.demande)}
      />,
    );
  };
  router.get('/mes-enfants/:childId/inscriptions', requireFamily, (ctx) => renderEnrolments(ctx));
  router.post('/mes-enfants/:childId/inscriptions', requireFamily, requireCsrf, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '').slice(0, 600);
    // One box ticked arrives as a string, several as a list; at most the seven days of a week are read.
    const weekdays = ([] as unknown[])
      .concat(body.weekdays ?? [])
      .filter((d): d is string => typeof d === 'string')
      .slice(0, 7);
    const values: EnrolmentFormValues = {
      serviceId: text('serviceId'),
      startsOn: text('startsOn'),
      endsOn: text('endsOn'),
      weekdays,
      comment: text('comment'),
    };
    const childId = idParam(ctx.params.childId);
    try {
      await submitFamilyRequest(db, clock, ctx.state.session!, {
        category: 'enrolment',
        childId,
        values: { ...values, comment: values.comment || undefined },
        source: sourceOf(ctx),
      });
      // With a fragment of its own: the browser would otherwise keep the form's #demande.
      ctx.redirect(`/mes-enfants/${childId}/inscriptions?demande=envoyee#avis`);
    } catch (error) {
      if (!(error instanceof OperationError) || !['validation', 'not_found', 'conflict'].includes(error.type)) throw error;
      if (error.type === 'not_found') return notFound(ctx, 'Cet enfant');
      ctx.status = 400;
      // « weekdays.2 » (a tampered box) is said under the days' group.
      const errors = Object.fromEntries(
        Object.entries(error.fields ?? {}).map(([key, text]) => [key.replace(/^weekdays\..*$/, 'weekdays'), text]),
      );
      await renderEnrolments(ctx, { values, errors, message: error.message }, db);
    }
  });

  router.post('/mes-enfants/:childId/planning', requireFamily, certificateUpload, requireCsrf, async (ctx) => {
    const body = ctx.request.body as Record<string, unknown>;
    const childId = idParam(ctx.params.childId);
    // Many repeated fields come as an object from the URL-encoded parser (qs), as an array from multipart.
    const jours = body.jours;
    const raw = (Array.isArray(jours) ? jours : jours && typeof jours === 'object' ? Object.values(jours) : jours ? [jours] : []).map(
      String,
    );
    const parsed = raw.map((v) => /^(\d{1,9})\|(.{1,12})$/.exec(v));
    const selections = parsed
      .filter((m): m is RegExpExecArray => m !== null && isCalendarDate(m[2]))
      .map((m) => ({ serviceId: Number(m[1]), date: m[2]! }));
    const selected = new Set(selections.map((s) => `${s.serviceId}|${s.date}`));
    const upload = (ctx.request as { file?: { originalname: string; buffer: Buffer } }).file;
    // A refused form comes back as the family filled it (days, reason, details, boxes); a file
    // cannot be put back in a form: the message says to attach it again.
    const entered: PlanningFormValues = {
      motif: typeof body.motif === 'string' ? body.motif.trim().slice(0, 100) : '',
      precisions: typeof body.precisions === 'string' ? body.precisions.trim().slice(0, 10_000) : '',
      repeter: body.repeter === 'on',
      confirmation: body.confirmation === 'on',
    };
    const refuse = (error: string) =>
      renderPlanning(ctx, {
        error: upload && upload.buffer.length > 0 ? `${error} Joignez à nouveau le certificat médical.` : error,
        selected,
        entered,
      });
    const action = BOOKING_ACTIONS.find((a) => a === body.action) ?? null;
    if (!action || childId === null) {
      return refuse('Choisissez « Demande de Réserve », « Annuler ma réservation » ou « Déclarer une absence ».');
    }
    const impossible = parsed.find((m) => !m || !isCalendarDate(m[2]));
    if (impossible !== undefined) {
      const date = impossible?.[2] ?? '';
      return refuse(
        date
          ? `La date ${date} n’existe pas dans le calendrier : choisissez les jours dans le planning.`
          : 'Un jour coché est illisible : choisissez les jours dans le planning.',
      );
    }
    if (selections.length > MAX_DAYS_PER_FORM) {
      return refuse(
        `Vous avez coché ${selections.length} jours : ${MAX_DAYS_PER_FORM} au plus par demande. Envoyez le reste dans une seconde demande.`,
      );
    }
    if (selections.length === 0) return refuse('Cochez au moins un jour dans le planning.');
    if (entered.motif && !(ABSENCE_REASONS as readonly string[]).includes(entered.motif)) {
      return refuse(`Choisissez la raison de l’absence dans la liste (${ABSENCE_REASONS.join(', ')}).`);
    }
    if (entered.precisions.length > ABSENCE_DETAILS_MAX) {
      return refuse(
        `Les précisions tiennent en ${ABSENCE_DETAILS_MAX} caractères au plus (${entered.precisions.length} saisis) : raccourcissez-les.`,
      );
    }
    const reason = [entered.motif, entered.precisions].filter(Boolean).join(' — ');
    if (action === 'absence' && (!entered.motif || !entered.confirmation)) {
      return refuse('Pour déclarer une absence, indiquez la raison et cochez la confirmation.');
    }
    let certificate: Awaited<ReturnType<typeof checkCertificate>> | undefined;
    if (action === 'absence' && upload && upload.buffer.length > 0) {
      try {
        certificate = await checkCertificate({ filename: utf8FileName(upload.originalname), content: upload.buffer });
      } catch (error) {
        if (error instanceof OperationError) return refuse(error.message);
        throw error;
      }
    }
    const results = await bookDays(db, clock, ctx.state.session!, {
      childId,
      action,
      selections,
      reason: action === 'absence' ? reason : '',
      repeatWeekly: entered.repeter,
      source: sourceOf(ctx),
      certificate,
    });
    if (!results) return notFound(ctx, 'Cet enfant');
    return renderPlanning(ctx, { results });
  });

  router.post('/demandes/:id/retirer', requireFamily, requireCsrf, async (ctx) => {
    const id = idParam(ctx.params.id);
    const withdrawn = id !== null && (await withdrawFamilyRequest(db, clock, ctx.state.session!, id, sourceOf(ctx)));
    if (!withdrawn) return notFound(ctx, 'Cette demande en attente');
    ctx.redirect('/liste-des-demandes?retiree=1');
  });

  return router;
}
