import type { LiveLink } from './live';

/**
 * A subscription that needs no cursor (the wall sends its current counters first): made on every
 * connection, ended when the connection drops. Returns the function that ends it for good.
 */
export function keepSubscribed<T>(
  link: LiveLink,
  query: string,
  variables: Record<string, unknown>,
  next: (data: T) => void,
  error: (message: string, code: string | undefined) => void,
): () => void {
  let unsubscribe: (() => void) | null = null;
  const end = () => {
    unsubscribe?.();
    unsubscribe = null;
  };
  const stopConnected = link.onConnected(() => {
    end();
    unsubscribe = link.subscribe<T>(query, variables, next, error);
  });
  const stopClosed = link.onClosed(end);
  return () => {
    stopConnected();
    stopClosed();
    end();
  };
}
