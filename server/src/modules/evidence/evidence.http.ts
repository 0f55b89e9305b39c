import type { Request, RequestHandler, Response } from 'express';
import { createRequestContext, type ContextDeps } from '../../context/context';
import { openTenantTransaction } from '../../db/tenant';
import { readableEvidence } from './evidence.service';

/** `filename*=` per RFC 5987 (UTF-8 names such as 培训签到表.pdf) plus an ASCII fallback. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * `GET /files/:id`: downloads an evidence file. The session (cookie or bearer) is read as for
 * /graphql; the file is read in a READ ONLY transaction with the viewer's scope (row-level security
 * applies) and served only when the owner's rule lets the viewer read the owner. Anything else is
 * 404, exactly like a file that does not exist, so ids of other tenants cannot be probed.
 */
export function evidenceDownload(deps: ContextDeps): RequestHandler {
  return async (req: Request, res: Response) => {
    const viewer = (await deps.authenticate?.(deps, req)) ?? null;
    if (!viewer) {
      res.status(401).json({ error: '请先登录' });
      return;
    }
    const ctx = await createRequestContext(deps, { req, res, requestId: String(req.id ?? ''), viewer });
    const tx = await openTenantTransaction(deps.dataSource, ctx.scope, viewer.userId, true);
    ctx.tx = tx;
    try {
      const file = await readableEvidence(ctx, String(req.params.id));
      await tx.commit();
      if (!file) {
        res.status(404).json({ error: '文件不存在或无权访问' });
        return;
      }
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Length', String(file.content.length));
      res.setHeader('Content-Disposition', contentDisposition(file.fileName));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.end(file.content);
    } catch (error) {
      await tx.rollback();
      ctx.log.error({ err: error }, 'evidence download failed');
      if (!res.headersSent) res.status(500).json({ error: '服务器内部错误，请稍后重试' });
    }
  };
}
