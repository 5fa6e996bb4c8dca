import { expect } from 'chai';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../src/modules/account/password';

describe('password hashing (unit)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const [a, b] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(a).not.to.equal(b);
    expect(await verifyPassword('correct horse', a)).to.equal(true);
    expect(await verifyPassword('correct horse!', a)).to.equal(false);
  });

  it('treats the dummy hash as a valid hash that matches nothing', async () => {
    expect(await verifyPassword('', DUMMY_HASH)).to.equal(false);
    expect(await verifyPassword('anything', 'not-a-hash')).to.equal(false);
  });
});
