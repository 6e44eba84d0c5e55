import type { Context } from 'koa';
import { ownValue } from '../../shared/domain/own-key';
import Router from '@koa/router';
import { SECTIONS, type SectionKey, type SectionValues } from '../../shared/contracts/record-sections';
import { OperationError } from '../../shared/core/errors';
import { sessionHeader } from './page-header';
import { emptySection, readSection } from '../../shared/core/records/sections';
import { currentPersons, currentVaccinations } from '../../shared/core/requests/apply';
import { familyPendingRequests } from '../../shared/core/requests/family-requests';
import { submitFamilyRequest } from '../../shared/core/requests/submit';
import { pendingFieldKeys } from '../../shared/core/requests/pending-fields';
import { AddChildPage, SectionRequestPage } from '../views/request-pages';
import { ListRequestPage, type ListColumn, type ListRow } from '../views/list-request-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { sourceOf } from '../security';
import { requireCsrf, requireFamily } from './guards';

/** URL words of the manual's icons → record sections. */
export const ACCOUNT_SECTION_SLUGS: Record<string, SectionKey> = {
  responsable: 'responsable',
  conjoint: 'conjoint',
  fiscales: 'fiscal',
  caf: 'caf',
  bancaires: 'bank',
};
export const CHILD_SECTION_SLUGS: Record<string, SectionKey> = { informations: 'child_information', sanitaire: 'health' };

type PortalContext = Context & { state: PortalState };

function errorsOf(error: unknown): { errors: Record<string, string>; message: string } {
  if (!(error instanceof OperationError) || (error.type !== 'validation' && error.type !== 'not_found')) throw error;
  return {
    errors: error.fields ?? {},
    message: error.fields ? 'Certaines informations sont à corriger : voir les messages sous les champs.' : error.message,
  };
}

/** The family's modification requests: the icons of « Mon compte » and of each child's record. */
export function requestRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const { db, reader, clock } = deps; // pages read through the readers; requests go through the writer

  async function ownChild(ctx: PortalContext) {
    const id = /^\d{1,9}$/.test(String(ctx.params.childId)) ? Number(ctx.params.childId) : 0;
    return reader('children')
      .where({ id, family_id: ctx.state.session!.actor.familyId })
      .whereNull('archived_at')
      .first('id', 'first_name', 'last_name');
  }

  async function renderSection(
    ctx: PortalContext,
    section: SectionKey,
    owner: { childId?: number; childName?: string },
    submitted?: SectionValues,
    failure?: { errors: Record<string, string>; message: string },
  ) {
    const { actor, csrfToken } = ctx.state.session!;
    const ownerId = owner.childId ?? actor.familyId;
    const current = (await readSection(reader, section, ownerId)) ?? emptySection(section);
    const categories = [section];
    const slug = Object.entries(owner.childId ? CHILD_SECTION_SLUGS : ACCOUNT_SECTION_SLUGS).find(([, s]) => s === section)![0];
    ctx.status = failure ? 400 : 200;
    ctx.body = renderPage(
      <SectionRequestPage
        header={sessionHeader(ctx, clock)}
        csrfToken={csrfToken}
        spec={SECTIONS[section]}
        values={submitted ? { ...submitted, iban: current.iban ?? '' } : current}
        errors={failure?.errors ?? {}}
        message={failure?.message}
        pendingKeys={await pendingFieldKeys(reader, actor.familyId, section, owner.childId ?? null)}
        action={owner.childId ? `/mes-enfants/${owner.childId}/demande/${slug}` : `/mon-compte/demande/${slug}`}
        back={
          owner.childId ? { href: `/mes-enfants/${owner.childId}`, label: owner.childName! } : { href: '/mon-compte', label: 'Mon compte' }
        }
        subject={owner.childName}
        pendingRequests={await familyPendingRequests(reader, actor.familyId, categories, owner.childId)}
      />,
    );
  }

  async function submitSection(ctx: PortalContext, section: SectionKey, owner: { childId?: number; childName?: string }, done: string) {
    const body = { ...(ctx.request.body as Record<string, unknown>) };
    delete body._csrf;
    if (section === 'bank' && !body.iban) {
      // The IBAN is never sent back to the browser: an empty field keeps the one on record.
      body.iban = (await readSection(db, 'bank', ctx.state.session!.actor.familyId))?.iban ?? '';
    }
    try {
      const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, {
        category: section,
        childId: owner.childId,
        values: body,
        source: sourceOf(ctx),
      });
      ctx.redirect(`${done}?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
    } catch (error) {
      await renderSection(ctx, section, owner, body as SectionValues, errorsOf(error));
    }
  }

  router.get('/mon-compte/demande/:slug', requireFamily, async (ctx) => {
    const section = ownValue(ACCOUNT_SECTION_SLUGS, ctx.params.slug);
    if (!section) return;
    await renderSection(ctx, section, {});
  });
  router.post('/mon-compte/demande/:slug', requireFamily, requireCsrf, async (ctx) => {
    const section = ownValue(ACCOUNT_SECTION_SLUGS, ctx.params.slug);
    if (!section) return;
    await submitSection(ctx, section, {}, '/mon-compte');
  });

  router.get('/mes-enfants/ajouter', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    ctx.body = renderPage(
      <AddChildPage
        header={sessionHeader(ctx, clock)}
        csrfToken={csrfToken}
        values={{}}
        errors={{}}
        pendingRequests={await familyPendingRequests(reader, actor.familyId, ['add_child'])}
      />,
    );
  });
  router.post('/mes-enfants/ajouter', requireFamily, requireCsrf, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const body = ctx.request.body as Record<string, string>;
    try {
      const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, {
        category: 'add_child',
        values: body,
        source: sourceOf(ctx),
      });
      ctx.redirect(`/mes-enfants?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
    } catch (error) {
      const failure = errorsOf(error);
      ctx.status = 400;
      ctx.body = renderPage(
        <AddChildPage
          header={sessionHeader(ctx, clock)}
          csrfToken={csrfToken}
          values={body}
          errors={failure.errors}
          message={failure.message}
          pendingRequests={await familyPendingRequests(reader, actor.familyId, ['add_child'])}
        />,
      );
    }
  });

  router.get('/mes-enfants/:childId/demande/:slug', requireFamily, async (ctx) => {
    const section = ownValue(CHILD_SECTION_SLUGS, ctx.params.slug);
    const child = await ownChild(ctx);
    if (!section || !child) return;
    await renderSection(ctx, section, { childId: child.id, childName: `${child.first_name} ${child.last_name}` });
  });
  router.post('/mes-enfants/:childId/demande/:slug', requireFamily, requireCsrf, async (ctx) => {
    const section = ownValue(CHILD_SECTION_SLUGS, ctx.params.slug);
    const child = await ownChild(ctx);
    if (!section || !child) return;
    await submitSection(
      ctx,
      section,
      { childId: child.id, childName: `${child.first_name} ${child.last_name}` },
      `/mes-enfants/${child.id}`,
    );
  });

  /** The child's lists the family asks to replace: the form's rows, with empty rows dropped. */
  const LISTS = [
    {
      path: 'personnes-autorisees',
      category: 'authorized_persons' as const,
      name: 'persons',
      itemLabel: 'Personne',
      max: 8,
      title: 'Personnes autorisées',
      intro: "Indiquez les personnes autorisées à venir chercher l'enfant. Laissez une ligne vide pour retirer une personne.",
      columns: [
        { key: 'lastName', label: 'Nom', type: 'text' },
        { key: 'firstName', label: 'Prénom', type: 'text' },
        { key: 'relationship', label: 'Lien avec l’enfant', type: 'text' },
        { key: 'phone', label: 'Téléphone', type: 'tel' },
        { key: 'emergencyContact', label: 'À prévenir en cas d’urgence', type: 'checkbox' },
      ] as ListColumn[],
      read: (childId: number) => currentPersons(reader, childId) as Promise<ListRow[]>,
    },
    {
      path: 'vaccinations',
      category: 'vaccinations' as const,
      name: 'vaccinations',
      itemLabel: 'Vaccin',
      max: 20,
      title: 'Vaccinations',
      intro: "Indiquez les vaccinations de l'enfant. Laissez une ligne vide pour retirer un vaccin.",
      columns: [
        { key: 'vaccine', label: 'Vaccin', type: 'text' },
        { key: 'vaccinatedOn', label: 'Date du vaccin', type: 'date' },
        { key: 'boosterDueOn', label: 'Date du rappel', type: 'date' },
      ] as ListColumn[],
      read: (childId: number) => currentVaccinations(reader, childId) as Promise<ListRow[]>,
    },
  ];

  for (const list of LISTS) {
    const render = async (
      ctx: PortalContext,
      child: { id: number; first_name: string; last_name: string },
      rows: ListRow[],
      failure?: { errors: Record<string, string>; message: string },
    ) => {
      const { actor, csrfToken } = ctx.state.session!;
      const childName = `${child.first_name} ${child.last_name}`;
      ctx.status = failure ? 400 : 200;
      ctx.body = renderPage(
        <ListRequestPage
          header={sessionHeader(ctx, clock)}
          csrfToken={csrfToken}
          title={`${list.title} — ${childName}`}
          intro={list.intro}
          action={`/mes-enfants/${child.id}/${list.path}`}
          back={{ href: `/mes-enfants/${child.id}`, label: childName }}
          name={list.name}
          itemLabel={list.itemLabel}
          columns={list.columns}
          rows={rows}
          max={list.max}
          errors={failure?.errors ?? {}}
          message={failure?.message}
          pendingRequests={await familyPendingRequests(reader, actor.familyId, [list.category], child.id)}
        />,
      );
    };
    router.get(`/mes-enfants/:childId/${list.path}`, requireFamily, async (ctx) => {
      const child = await ownChild(ctx);
      if (!child) return;
      await render(ctx, child, await list.read(child.id));
    });
    router.post(`/mes-enfants/:childId/${list.path}`, requireFamily, requireCsrf, async (ctx) => {
      const child = await ownChild(ctx);
      if (!child) return;
      const raw = ((ctx.request.body as Record<string, unknown>)[list.name] ?? []) as Array<Record<string, string>>;
      const rows: ListRow[] = (Array.isArray(raw) ? raw : (Object.values(raw) as Array<Record<string, string>>))
        .filter((r) => r && list.columns.some((c) => c.type !== 'checkbox' && r[c.key]))
        .map((r) =>
          Object.fromEntries(
            list.columns.map((c) => [
              c.key,
              c.type === 'checkbox' ? r[c.key] === 'on' : c.type === 'date' ? r[c.key] || null : (r[c.key] ?? ''),
            ]),
          ),
        );
      try {
        const { state } = await submitFamilyRequest(db, clock, ctx.state.session!, {
          category: list.category,
          childId: child.id,
          values: { [list.name]: rows },
          source: sourceOf(ctx),
        });
        ctx.redirect(`/mes-enfants/${child.id}?demande=${state === 'accepted' ? 'enregistree' : 'envoyee'}`);
      } catch (error) {
        await render(ctx, child, rows, errorsOf(error));
      }
    });
  }

  return router;
}
