import Router from '@koa/router';
import type { Context } from 'koa';
import { presenceAttestationSpec, checkPresencePeriod } from '../../shared/core/attendance/presence-attestation';
import { attestationIssuer } from '../../shared/core/billing/attestation-issuer';
import {
  childcareAttestations,
  childcareAttestationYears,
  familyChildcareAttestationSpec,
} from '../../shared/core/billing/childcare-attestation';
import { today } from '../../shared/core/clock';
import { OperationError } from '../../shared/core/errors';
import { familyChildren } from '../../shared/core/families/family-account-view';
import { pdfFileName } from '../../shared/core/pdf/pdf-maker';
import { renderPdf } from '../../shared/core/pdf/pdf-workers';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import type { PortalDeps, PortalState } from '../portal-context';
import { AttestationsPage, type PresenceForm } from '../views/attestations-page';
import { renderPage } from '../views/render';
import { familyNotFound, idParam } from './family-not-found';
import { requireFamily } from './guards';
import { sessionHeader } from './page-header';

type PortalContext = Context & { state: PortalState; params: Record<string, string> };

/** The first day of the current school year: where a parent's period usually starts. */
const schoolYearStart = (iso: string) => (iso.slice(5) >= '09-01' ? `${iso.slice(0, 4)}-09-01` : `${Number(iso.slice(0, 4)) - 1}-09-01`);

/** « Attestations » (issue 16): the papers a family needs, printed by itself at any hour. */
export function attestationRoutes(deps: PortalDeps): Router<PortalState> {
  const { reader, clock } = deps;
  const router = new Router<PortalState>();

  const renderAttestations = async (
    ctx: PortalContext,
    presence?: PresenceForm,
    problem: { errors?: Partial<Record<keyof PresenceForm, string>>; error?: string; fiscalError?: string } = {},
  ) => {
    const { actor, csrfToken } = ctx.state.session!;
    let unavailable: string | undefined;
    try {
      await attestationIssuer(reader);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      unavailable = error.message;
    }
    const years = childcareAttestationYears(clock);
    const fiscalYears = [];
    for (const year of years) {
      const [attestation] = await childcareAttestations(reader, [actor.familyId], year);
      fiscalYears.push({
        year,
        careCents: attestation?.careCents ?? 0,
        mealCents: attestation?.mealCents ?? 0,
        children: attestation?.children.map((c) => c.firstName) ?? [],
      });
    }
    const children = await familyChildren(reader, actor.familyId);
    const now = today(clock);
    const nextYear = Number(now.slice(0, 4));
    if (problem.errors || problem.error || problem.fiscalError) ctx.status = 400;
    ctx.body = renderPage(
      <AttestationsPage
        header={sessionHeader(ctx, clock)}
        csrfToken={csrfToken}
        fiscalYears={unavailable ? [] : fiscalYears}
        unavailable={unavailable}
        nextYear={{ year: nextYear, from: formatShortFrenchDate(`${nextYear + 1}-01-01`) }}
        childOptions={children}
        presence={presence ?? { enfant: String(children[0]?.id ?? ''), du: schoolYearStart(now), au: now }}
        {...problem}
      />,
    );
  };

  router.get('/attestations', requireFamily, (ctx) => renderAttestations(ctx));

  router.get('/attestations/fiscale/:file', requireFamily, async (ctx) => {
    const year = /^(\d{4})\.pdf$/.exec(ctx.params.file)?.[1];
    const { actor } = ctx.state.session!;
    if (!year || !childcareAttestationYears(clock).includes(Number(year))) return familyNotFound(deps, ctx, 'Cette attestation');
    try {
      const made = await familyChildcareAttestationSpec(reader, clock, actor.familyId, Number(year));
      if (!made) return familyNotFound(deps, ctx, 'Cette attestation');
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `inline; filename="${pdfFileName('attestation-fiscale', year, made.attestation.familyNumber)}"`);
      ctx.body = await renderPdf(made.spec);
    } catch (error) {
      if (error instanceof OperationError) return renderAttestations(ctx, undefined, { fiscalError: error.message });
      throw error;
    }
  });

  router.get('/attestations/presence', requireFamily, async (ctx) => {
    const { actor } = ctx.state.session!;
    const field = (name: string) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string).slice(0, 20) : '');
    const form: PresenceForm = { enfant: field('enfant'), du: field('du'), au: field('au') };
    const childId = idParam(form.enfant);
    try {
      const period = checkPresencePeriod(clock, { from: form.du, to: form.au });
      const made = childId === null ? null : await presenceAttestationSpec(reader, clock, actor.familyId, childId, period);
      if (!made)
        return renderAttestations(ctx, form, {
          errors: { enfant: 'Choisissez un de vos enfants.' },
          error: 'L’attestation n’est pas établie.',
        });
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `inline; filename="${pdfFileName(...made.fileName)}"`);
      ctx.body = await renderPdf(made.spec);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      const errors = { ...(error.fields?.du ? { du: error.fields.du } : {}), ...(error.fields?.au ? { au: error.fields.au } : {}) };
      return renderAttestations(ctx, form, { errors, error: error.message });
    }
  });

  return router;
}
