import { expect } from 'chai';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN, harness } from './harness';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** One GraphQL request over HTTP, as a console would send it. */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
  const res = await fetch(harness().url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** Like `gql`, but fails the test on any top-level error and returns `data`. */
export async function gqlOk<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await gql<T>(query, variables, token);
  expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
  return res.data as T;
}

/** The top-level error code of a response (FORBIDDEN, UNAUTHENTICATED, ...). */
export function errorCode(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

export const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) { token expiresAt account { id username role } userErrors { field message code } }
  }
`;

export async function login(username: string, password: string): Promise<string> {
  const data = await gqlOk(LOGIN, { input: { username, password } });
  expect(data.login.userErrors).to.deep.equal([]);
  return data.login.token;
}

let adminToken: string | undefined;
export async function asAdmin(): Promise<string> {
  return (adminToken ??= await login(ADMIN.username, ADMIN.password));
}

export function wsClient(token?: string | null, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  return createClient({
    url: harness().wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    ...extra,
  });
}

/** Runs one query over graphql-ws and resolves with its single result. */
export function wsQuery<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse<T> | undefined;
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => (result = { status: 0, ...(value as object) } as GraphQLResponse<T>),
        error: reject,
        complete: () => (result ? resolve(result) : reject(new Error('no result'))),
      },
    );
  });
}
