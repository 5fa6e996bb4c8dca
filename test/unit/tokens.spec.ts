import { expect } from 'chai';
import { TokenService } from '../../src/server/auth';
import type { Account } from '../../src/modules/account/account.entity';

describe('token service (unit)', () => {
  const key = new TextEncoder().encode('unit-test-secret-that-is-long-enough-0123456789');
  const account = { id: 42, role: 'RESIDENT' } as Account;

  it('verifies a token again from memory until it expires, then refuses it as expired', async function () {
    this.timeout(10_000);
    // given a token that lives two seconds (expiry is whole seconds), verified once
    const tokens = new TokenService(key, 2);
    const { token, expiresAt } = await tokens.sign(account);
    expect(await tokens.verify(token)).to.deep.equal({ accountId: 42, expiresAt });
    expect(await tokens.verify(token)).to.deep.equal({ accountId: 42, expiresAt });
    // when its expiry passes
    await new Promise((r) => setTimeout(r, expiresAt.getTime() - Date.now() + 50));
    // then the remembered verification does not outlive it
    let refusal: Error | null = null;
    await tokens.verify(token).catch((err: Error) => (refusal = err));
    expect(refusal).to.have.property('message', 'token expired');
  });

  it('remembers only what verified: a token altered by one character is refused, before and after', async () => {
    const tokens = new TokenService(key, 60);
    const { token } = await tokens.sign(account);
    const altered = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    const refused = () => tokens.verify(altered).then(() => 'accepted', (err: Error) => err.message);
    expect(await refused()).to.equal('invalid token');
    await tokens.verify(token);
    expect(await refused()).to.equal('invalid token');
  });
});
