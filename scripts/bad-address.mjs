// An address whose path cannot be decoded (a `%` not followed by two hexadecimal digits, or bytes
// that are not UTF-8, as in /embed/%ZZ) makes Next.js's router throw before any of Parley's code
// runs, and it answers a bare 500. The server checks the path first: the API answers Parley's coded
// 400 in JSON, and a page is handed on as an address that leads nowhere, so that the visitor gets
// Parley's own 404 page (app/not-found.tsx) in their language.

/** The request's path, or null when it cannot be decoded. */
function decodedPath(url) {
  const end = url.search(/[?#]/);
  try {
    return decodeURIComponent(end === -1 ? url : url.slice(0, end));
  } catch {
    return null;
  }
}

/** True when the request was answered (or redirected) here; false when it is fine as it is. */
export function answerBadAddress(req, res) {
  const url = req.url ?? '/';
  if (decodedPath(url) !== null) return false;
  if (url.startsWith('/api/')) {
    const body = JSON.stringify({
      error: {
        code: 'invalid_request',
        message: 'The address cannot be read: each % in it must be followed by two hexadecimal digits.',
      },
    });
    res
      .writeHead(400, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(body);
    return true;
  }
  req.url = '/_parley/not-found';
  return false;
}
