import Router from '@koa/router';
import type { Context } from 'koa';
import { today } from '../../shared/core/clock';
import { publishedDocuments, publishedFile } from '../../shared/core/documents/published';
import { comingSchoolYear, enrolmentFormsPdf } from '../../shared/core/documents/enrolment-form-pdf';
import { familyChildren } from '../../shared/core/families/family-account-view';
import { sessionHeader } from './page-header';
import { pdfFileName } from '../../shared/core/pdf/pdf-maker';
import { DocumentsPage, EnrolmentFormPage } from '../views/documents-pages';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { requireFamily } from './guards';
import { communeContacts } from './commune-contacts';
import { familyNotFound, idParam } from './family-not-found';

type PortalContext = Context & { state: PortalState; params: Record<string, string> };

/** « Infos./Documents » and « Fiche d'inscription »: what the commune publishes, and the dossier as PDFs. */
export function documentRoutes(deps: PortalDeps): Router<PortalState> {
  const { reader, clock } = deps; // every page here only reads
  const router = new Router<PortalState>();
  const notFound = (ctx: PortalContext, what: string) => familyNotFound(deps, ctx, what);
  const sendPdf = (ctx: PortalContext, pdf: Buffer, fileName: string) => {
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="${fileName}"`);
    ctx.body = pdf;
  };

  router.get('/infos-documents', requireFamily, async (ctx) => {
    const { csrfToken } = ctx.state.session!;
    const documents = await publishedDocuments(reader, today(clock));
    ctx.body = renderPage(<DocumentsPage header={sessionHeader(ctx, clock)} csrfToken={csrfToken} documents={documents} />);
  });

  router.get('/documents/:id', requireFamily, async (ctx) => {
    const id = idParam(ctx.params.id);
    const file = id === null ? undefined : await publishedFile(reader, id, today(clock));
    if (!file) return notFound(ctx, 'Ce document');
    ctx.type = file.mime_type;
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.attachment(file.filename);
    ctx.body = Buffer.from(file.content);
  });

  router.get('/fiche-inscription', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const forms = (await publishedDocuments(reader, today(clock))).filter((d) => d.category === 'formulaire');
    const children = await familyChildren(reader, actor.familyId);
    ctx.body = renderPage(
      <EnrolmentFormPage
        header={sessionHeader(ctx, clock)}
        csrfToken={csrfToken}
        forms={forms}
        familyChildren={children}
        schoolYear={comingSchoolYear(today(clock))}
        {...(await communeContacts(reader))}
      />,
    );
  });

  router.get('/fiche-inscription/vierge.pdf', requireFamily, async (ctx) => {
    const year = comingSchoolYear(today(clock));
    sendPdf(
      ctx,
      await enrolmentFormsPdf(reader, { childIds: [], todayIso: today(clock) }),
      pdfFileName('dossier-inscription', year, 'vierge'),
    );
  });

  // The pre-filled form of one of the family's own children, whatever id the URL carries.
  router.get('/fiche-inscription/enfants/:childId', requireFamily, async (ctx) => {
    const childId = idParam(ctx.params.childId.replace(/\.pdf$/, ''));
    const child =
      childId === null
        ? null
        : await reader('children')
            .where({ id: childId, family_id: ctx.state.session!.actor.familyId })
            .whereNull('archived_at')
            .first('id', 'first_name', 'last_name');
    if (!child) return notFound(ctx, 'Cet enfant');
    const year = comingSchoolYear(today(clock));
    sendPdf(
      ctx,
      await enrolmentFormsPdf(reader, { childIds: [child.id], todayIso: today(clock) }),
      pdfFileName('dossier-inscription', year, child.first_name, child.last_name),
    );
  });

  return router;
}
