import type { Context } from 'koa';
import Router from '@koa/router';
import { SECTIONS, type SectionKey, type SectionValues } from '../../shared/contracts/record-sections';
import type { RequestCategory } from '../../shared/contracts/requests';
import { OperationError } from '../../shared/core/errors';
import { portalHeader } from '../../shared/core/home/service';
import { emptySection, readSection } from '../../shared/core/records/sections';
import { currentPersons, currentVaccinations } from '../../shared/core/requests/apply';
import { familyPendingRequests } from '../../shared/core/requests/family-requests';
import { pendingFieldKeys, submitFamilyRequest } from '../../shared/core/requests/submit';
import { AddChildPage, PersonsRequestPage, SectionRequestPage, VaccinationsRequestPage, type PersonRow, type VaccinationRow } from '../views/request-pages';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { sourceOf } from '../security';
import { requireCsrf, requireFamily } from './guards';

/** URL words of the manual's icons → record sections. */
export const ACCOUNT_SECTION_SLUGS: Record<string, SectionKey> = { responsable: 'responsable', conjoint: 'conjoint', fiscales: 'fiscal', caf: 'caf', bancaires: 'bank' };
export const CHILD_SECTION_SLUGS: Record<string, SectionKey> = { informations: 'child_information', sanitaire: 'health' };

type PortalContext = Context & { state: PortalState };

function errorsOf(error: unknown): { errors: Record<string, string>; message: string } {
  if (!(error instanceof OperationError) || (error.type !== 'validation' && error.type !== 'not_found')) throw error;
  return { errors: error.fields ?? {}, message: error.fields ? 'Certaines informations sont à corriger : voir les messages sous les champs.' : error.message };
}

/** The family's modification requests: the icons of « Mon compte » and of each child's record. */
export function requestRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const { db, clock } = deps;

  async function ownChild(ctx: PortalContext) {
    const id = /^\d{1,9}$/.test(String(ctx.params.childId)) ? Number(ctx.params.childId) : 0;
    return db('children').where({ id, family_id: ctx.state.session!.actor.familyId }).whereNull('archived_at').first('id', 'first_name', 'last_name');
  }

  async function renderSection(ctx: PortalContext, section: SectionKey, owner: { childId?: number; childName?: string }, submitted?: SectionValues, failure?: { errors: Record<string, string>; message: string }) {
    const { actor, csrfToken } = ctx.state.session!;
    const ownerId = owner.childId ?? actor.familyId;
    const current = (await readSection(db, section, ownerId)) ?? emptySection(section);
    const categories = [section];
    const slug = Object.entries(owner.childId ? CHILD_SECTION_SLUGS : ACCOUNT_SECTION_SLUGS).find(([, s]) => s === section)![0];
    ctx.status = failure ? 400 : 200;
    ctx.body = renderPage(
      <SectionRequestPage header={await portalHeader(db, clock, actor.familyId)} csrfToken={csrfToken} spec={SECTIONS[section]}
        values={submitted ? { ...submitted, iban: current.iban ?? '' } : current} errors={failure?.errors ?? {}} message={failure?.message}
        pendingKeys={await pendingFieldKeys(db, actor.familyId, section, owner.childId ?? null)}
        action={owner.childId ? `/mes-enfants/${owner.childId}/demande/${slug}` : `/mon-compte/demande/${slug}`}
        back={owner.childId ? { href: `/mes-enfants/${owner.childId}`, label: owner.childName! } : { href: '/mon-compte', label: 'Mon compte' }}
        subject={owner.childName}
        pendingRequests={await familyPendingRequests(db, actor.familyId, categories, owner.childId)} />,
    );
  }

  async function submitSection(ctx: PortalContext, section: SectionKey, owner: { childId?: number; childName?: string }, done: string) {
    const body = { ...(ctx.request.body as Record<string, unknown>) };
    delete body._csrf;
    if (section === 'bank' && !body.iban) {
      // The IBAN is never sent back to the browser: an empty field keeps the one on record.
      body.iban = ((await readSection(db, 'bank', ctx.state.session!.actor.familyId)) ?? {}).iban ?? '';
    }
    try {
      const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, { category: section, childId: owner.childId, values: body, source: sourceOf(ctx) });
      ctx.redirect(`${done}?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
    } catch (error) {
      await renderSection(ctx, section, owner, body as SectionValues, errorsOf(error));
    }
  }

  router.get('/mon-compte/demande/:slug', requireFamily, async (ctx) => {
    const section = ACCOUNT_SECTION_SLUGS[ctx.params.slug!];
    if (!section) return;
    await renderSection(ctx, section, {});
  });
  router.post('/mon-compte/demande/:slug', requireFamily, requireCsrf, async (ctx) => {
    const section = ACCOUNT_SECTION_SLUGS[ctx.params.slug!];
    if (!section) return;
    await submitSection(ctx, section, {}, '/mon-compte');
  });

  router.get('/mes-enfants/ajouter', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    ctx.body = renderPage(<AddChildPage header={await portalHeader(db, clock, actor.familyId)} csrfToken={csrfToken} values={{}} errors={{}}
      pendingRequests={await familyPendingRequests(db, actor.familyId, ['add_child'])} />);
  });
  router.post('/mes-enfants/ajouter', requireFamily, requireCsrf, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const body = ctx.request.body as Record<string, string>;
    try {
      const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, { category: 'add_child', values: body, source: sourceOf(ctx) });
      ctx.redirect(`/mes-enfants?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
    } catch (error) {
      const failure = errorsOf(error);
      ctx.status = 400;
      ctx.body = renderPage(<AddChildPage header={await portalHeader(db, clock, actor.familyId)} csrfToken={csrfToken} values={body} errors={failure.errors} message={failure.message}
        pendingRequests={await familyPendingRequests(db, actor.familyId, ['add_child'])} />);
    }
  });

  router.get('/mes-enfants/:childId/demande/:slug', requireFamily, async (ctx) => {
    const section = CHILD_SECTION_SLUGS[ctx.params.slug!];
    const child = await ownChild(ctx);
    if (!section || !child) return;
    await renderSection(ctx, section, { childId: child.id, childName: `${child.first_name} ${child.last_name}` });
  });
  router.post('/mes-enfants/:childId/demande/:slug', requireFamily, requireCsrf, async (ctx) => {
    const section = CHILD_SECTION_SLUGS[ctx.params.slug!];
    const child = await ownChild(ctx);
    if (!section || !child) return;
    await submitSection(ctx, section, { childId: child.id, childName: `${child.first_name} ${child.last_name}` }, `/mes-enfants/${child.id}`);
  });

  const renderPersons = async (ctx: PortalContext, child: { id: number; first_name: string; last_name: string }, persons: PersonRow[], failure?: { errors: Record<string, string>; message: string }) => {
    const { actor, csrfToken } = ctx.state.session!;
    ctx.status = failure ? 400 : 200;
    ctx.body = renderPage(<PersonsRequestPage header={await portalHeader(db, clock, actor.familyId)} csrfToken={csrfToken} childId={child.id} childName={`${child.first_name} ${child.last_name}`}
      persons={persons} errors={failure?.errors ?? {}} message={failure?.message} pendingRequests={await familyPendingRequests(db, actor.familyId, ['authorized_persons'], child.id)} />);
  };
  router.get('/mes-enfants/:childId/personnes-autorisees', requireFamily, async (ctx) => {
    const child = await ownChild(ctx);
    if (!child) return;
    await renderPersons(ctx, child, await currentPersons(db, child.id));
  });
  router.post('/mes-enfants/:childId/personnes-autorisees', requireFamily, requireCsrf, async (ctx) => {
    const child = await ownChild(ctx);
    if (!child) return;
    const raw = ((ctx.request.body as { persons?: unknown }).persons ?? []) as Array<Record<string, string>>;
    // Rows left empty are persons taken off the list.
    const persons = (Array.isArray(raw) ? raw : (Object.values(raw) as Array<Record<string, string>>))
      .filter((p) => p && (p.lastName || p.firstName || p.phone))
      .map((p) => ({ lastName: p.lastName ?? '', firstName: p.firstName ?? '', relationship: p.relationship ?? '', phone: p.phone ?? '', emergencyContact: p.emergencyContact === 'on' }));
    try {
      const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, { category: 'authorized_persons' as RequestCategory, childId: child.id, values: { persons }, source: sourceOf(ctx) });
      ctx.redirect(`/mes-enfants/${child.id}?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
    } catch (error) {
      await renderPersons(ctx, child, persons, errorsOf(error));
    }
  });

  const renderVaccinations = async (ctx: PortalContext, child: { id: number; first_name: string; last_name: string }, vaccinations: VaccinationRow[], failure?: { errors: Record<string, string>; message: string }) => {
    const { actor, csrfToken } = ctx.state.session!;
    ctx.status = failure ? 400 : 200;
    ctx.body = renderPage(<VaccinationsRequestPage header={await portalHeader(db, clock, actor.familyId)} csrfToken={csrfToken} childId={child.id} childName={`${child.first_name} ${child.last_name}`}
      vaccinations={vaccinations} errors={failure?.errors ?? {}} message={failure?.message} pendingRequests={await familyPendingRequests(db, actor.familyId, ['vaccinations'], child.id)} />);
  };
  router.get('/mes-enfants/:childId/vaccinations', requireFamily, async (ctx) => {
    const child = await ownChild(ctx);
    if (!child) return;
    await renderVaccinations(ctx, child, await currentVaccinations(db, child.id));
  });
  router.post('/mes-enfants/:childId/vaccinations', requireFamily, requireCsrf, async (ctx) => {
    const child = await ownChild(ctx);
    if (!child) return;
    const raw = ((ctx.request.body as { vaccinations?: unknown }).vaccinations ?? []) as Array<Record<string, string>>;
    const vaccinations = (Array.isArray(raw) ? raw : (Object.values(raw) as Array<Record<string, string>>))
      .filter((v) => v && (v.vaccine || v.vaccinatedOn || v.boosterDueOn))
      .map((v) => ({ vaccine: v.vaccine ?? '', vaccinatedOn: v.vaccinatedOn || null, boosterDueOn: v.boosterDueOn || null }));
    try {
      const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, { category: 'vaccinations', childId: child.id, values: { vaccinations }, source: sourceOf(ctx) });
      ctx.redirect(`/mes-enfants/${child.id}?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
    } catch (error) {
      await renderVaccinations(ctx, child, vaccinations, errorsOf(error));
    }
  });

  return router;
}
