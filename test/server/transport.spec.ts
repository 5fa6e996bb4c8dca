import { expect } from 'chai';
import WebSocket from 'ws';
import { asAdmin, wsClient, wsQuery } from '../support/client';
import { createRegion } from '../support/factories';
import { harness } from '../support/harness';

describe('transport', () => {
  it('serves GraphQL over graphql-ws on the same port and path, authenticated by connectionParams', async () => {
    // given
    const region = await createRegion();
    const client = wsClient(await asAdmin());
    try {
      // when
      const res = await wsQuery(client, `query($code: String!) { viewer { username } regionByCode(code: $code) { id } }`, { code: region.code });
      // then
      expect(res.errors).to.equal(undefined);
      expect(res.data).to.deep.equal({ viewer: { username: 'admin' }, regionByCode: { id: region.id } });
    } finally {
      await client.dispose();
    }
  });

  it('closes a graphql-ws connection that presents a bad token with 4403', async () => {
    const code = await new Promise<number>((resolve) => {
      const socket = new WebSocket(harness().wsUrl, 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer not-a-token' } })));
      socket.on('close', (closeCode) => resolve(closeCode));
    });
    expect(code).to.equal(4403);
  });

  it('answers a malformed body with a 400 JSON error and no stack trace', async () => {
    const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).to.equal(400);
    const text = await res.text();
    expect(text).not.to.match(/\bat \S+ \(|node_modules|Error:/);
    expect(JSON.parse(text).errors[0].extensions.code).to.equal('BAD_REQUEST');
  });

  it('answers a GraphQL syntax error with its code and no stack trace', async () => {
    const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ districts {' }) });
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions).to.deep.equal({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('reports health', async () => {
    const res = await fetch(harness().url.replace('/graphql', '/healthz'));
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });
});
