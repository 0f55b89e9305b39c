import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';

/** The server's own message(s) of a failed operation, in Chinese; a network failure in plain words. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const messages = [...new Set(error.errors.map((e) => e.message).filter(Boolean))];
    return messages.join('；') || '操作失败';
  }
  if (ServerError.is(error) || ServerParseError.is(error)) {
    return `服务器错误（HTTP ${error.statusCode}），请稍后重试`;
  }
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  if (error instanceof Error && error.message) return error.message;
  return '操作失败';
}

/**
 * The headline of a failed request: only a request that got no answer at all is 无法连接服务器; a
 * server that answered with an HTTP error (500, 502…) did answer.
 */
export function errorTitle(error: unknown): string {
  if (ServerError.is(error) || ServerParseError.is(error)) return '服务器出错';
  if (CombinedGraphQLErrors.is(error)) return '请求失败';
  if (error instanceof TypeError) return '无法连接服务器';
  return '加载失败';
}

/** The GraphQL error code (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND…) of the first error, if any. */
export function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.['code'];
  return typeof code === 'string' ? code : undefined;
}
