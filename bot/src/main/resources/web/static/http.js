// Requests from the bot's pages to its JSON endpoints: the session's cookie goes by itself, the CSRF token that
// every change needs in a header. Failures become an HttpError whose message the page can show as it is.

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Sends a request; the response when it succeeded.
 * @param csrf   the session's CSRF token (empty before it is known)
 * @param texts  the page's sentences for `network`, `unauthorized` and `failed`
 */
export async function request(method, path, body, csrf, texts) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf ?? '' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new HttpError(0, texts.network);
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new HttpError(response.status, response.status === 401 ? texts.unauthorized : (data.error ?? texts.failed));
  }
  return response;
}
