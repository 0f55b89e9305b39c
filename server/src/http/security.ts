import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet): a Content-Security-Policy the admin client works
 * under (its own scripts only; Ant Design injects inline `<style>`, hence 'unsafe-inline' for styles
 * alone; images and fonts may be data: URLs), no framing (frame-ancestors 'none' and
 * X-Frame-Options: DENY), X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer,
 * Cross-Origin-Opener/Resource-Policy same-origin. HSTS only when the cookie is Secure (behind
 * HTTPS); no upgrade-insecure-requests, so the product still works over plain HTTP on a LAN.
 *
 * Outside production, Apollo's landing page at GET /graphql loads the Sandbox from Apollo's CDN:
 * that one page gets no CSP.
 */
export function securityHeaders(options: { production: boolean; https: boolean }): RequestHandler {
  const common = {
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
    strictTransportSecurity: options.https ? { maxAge: 180 * 24 * 3600 } : false,
    crossOriginEmbedderPolicy: false,
  };
  const strict = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  const landingPage = helmet({ ...common, contentSecurityPolicy: false });
  // The headers do not depend on the request: worked out once, set with one call per response.
  const strictHeaders = headersOf(strict);
  const landingPageHeaders = headersOf(landingPage);
  return (req, res, next) => {
    const sandbox = !options.production && req.method === 'GET' && req.path === '/graphql';
    res.setHeaders(sandbox ? landingPageHeaders : strictHeaders);
    next();
  };
}

/** The headers a helmet middleware sets (it only sets fixed headers, whatever the request). */
function headersOf(middleware: RequestHandler): Map<string, string> {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: () => undefined,
  };
  let called = false;
  middleware({} as never, res as never, () => (called = true));
  if (!called) throw new Error('helmet did not finish synchronously');
  return headers;
}
