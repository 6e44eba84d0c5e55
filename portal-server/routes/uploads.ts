import multer from '@koa/multer';
import type { Middleware } from 'koa';

/** Browsers send file names in UTF-8; busboy reads them as latin1. */
export function utf8FileName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

/**
 * A multipart form with at most one file, kept in memory and size-limited; a form that is not
 * multipart goes on untouched. Too large: a French 413 and nothing else runs.
 */
export function singleFileUpload(field: string, maxBytes: number, tooLarge: string): Middleware {
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes + 1, files: 1, fields: 400, fieldSize: 10_000 },
  });
  return async (ctx, next) => {
    if (!ctx.is('multipart/form-data')) return next();
    try {
      await multipart.single(field)(ctx as never, async () => undefined);
    } catch {
      // The portal's error page says it in French, with a way back (see portal-app.tsx).
      ctx.throw(413, `${tooLarge} ou le formulaire est trop grand : revenez en arrière et réessayez avec un fichier plus léger.`, {
        french: true,
      });
    }
    if (ctx.request.file && ctx.request.file.size > maxBytes) {
      ctx.throw(413, `${tooLarge} : revenez en arrière et réessayez avec un fichier plus léger.`, { french: true });
    }
    await next();
  };
}
