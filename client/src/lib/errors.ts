import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** The server's own message(s) of a failed operation, in Chinese; a network failure in plain words. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const messages = [...new Set(error.errors.map((e) => e.message).filter(Boolean))];
    return messages.join('；') || '操作失败';
  }
  if (ServerError.is(error)) return `服务器错误（HTTP ${error.statusCode}），请稍后重试`;
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  if (error instanceof Error && error.message) return error.message;
  return '操作失败';
}

/** The GraphQL error code (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND…) of the first error, if any. */
export function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.['code'];
  return typeof code === 'string' ? code : undefined;
}
