/** Queries and mutations over HTTP, at the same origin the page came from. */

export const GRAPHQL_PATH = '/graphql';

/** A top-level GraphQL error (FORBIDDEN, UNAUTHENTICATED ...) or a failed request (code NETWORK). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Called when the server no longer accepts the token, so the console can ask to sign in again. */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function request<T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<T> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      // JSON, as Apollo's CSRF prevention asks of browsers; the token travels in a header, never a cookie.
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new ApiError((err as Error).message, 'NETWORK');
  }
  let body: GraphQLBody<T>;
  try {
    body = (await res.json()) as GraphQLBody<T>;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, res.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'BAD_RESPONSE');
  }
  const error = body.errors?.[0];
  if (error) {
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED' && token) onUnauthenticated();
    throw new ApiError(error.message, code);
  }
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, 'BAD_RESPONSE');
  return body.data;
}

/** The WebSocket URL of the same server and path (graphql-ws). */
export function websocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${GRAPHQL_PATH}`;
}
