import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { LIMITS } from '../graphql/limits';
import { MAX_FILE_BYTES } from '../modules/import/spreadsheet';

/**
 * Largest request body `/graphql` accepts: an import's file (at most {@link MAX_FILE_BYTES}
 * decoded) travels base64-encoded (4/3 of its size) in the variables, plus room for the rest of the
 * request. So the documented 10 MB file limit is the one enforced: a file just under it fits.
 */
export const BODY_LIMIT_BYTES = Math.ceil(MAX_FILE_BYTES / 3) * 4 + 256 * 1024;

/** A GraphQL-shaped error answer for refusals before Apollo Server sees the request. */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

/**
 * express.json with the body limit, whose refusals (too large, not JSON) answer as GraphQL errors
 * with a code, not body-parser's HTML error page.
 */
export function graphqlBody(): (RequestHandler | ErrorRequestHandler)[] {
  const parse = express.json({ limit: BODY_LIMIT_BYTES });
  const refused: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    if (error?.type === 'entity.too.large')
      return sendGraphQLError(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `请求过大：上限为 ${Math.floor(BODY_LIMIT_BYTES / 1024 / 1024)} MB（导入文件上限 ${MAX_FILE_BYTES / 1024 / 1024} MB）`,
        { maxBytes: BODY_LIMIT_BYTES },
      );
    if (
      error?.type === 'entity.parse.failed' ||
      error?.type === 'charset.unsupported' ||
      error?.type === 'encoding.unsupported'
    )
      return sendGraphQLError(res, 400, 'BAD_REQUEST', '请求体不是有效的 JSON');
    if (error?.status && error.status >= 400 && error.status < 500)
      return sendGraphQLError(res, error.status, 'BAD_REQUEST', '请求无效');
    next(error);
  };
  return [parse, refused];
}

/** Refuses a GraphQL document longer than {@link LIMITS.maxDocumentBytes} before it is parsed. */
export const documentSizeLimit: RequestHandler = (req, res, next) => {
  const fromBody = (req.body as { query?: unknown } | undefined)?.query;
  const fromUrl = (req.query as { query?: unknown } | undefined)?.query;
  for (const query of [fromBody, fromUrl]) {
    if (typeof query === 'string' && Buffer.byteLength(query, 'utf8') > LIMITS.maxDocumentBytes) {
      return sendGraphQLError(
        res,
        400,
        'QUERY_TOO_COMPLEX',
        `查询文本过长：上限为 ${LIMITS.maxDocumentBytes / 1024} KB`,
        { limit: 'documentBytes', max: LIMITS.maxDocumentBytes },
      );
    }
  }
  next();
};
