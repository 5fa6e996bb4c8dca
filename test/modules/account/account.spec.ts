import { expect } from 'chai';
import { SignJWT } from 'jose';
import { Account } from '../../../src/modules/account/account.entity';
import { ADMIN, TEST_JWT_SECRET, harness } from '../../support/harness';
import { LOGIN, asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { ACCOUNT_CREATE, createAccount, createRegion, createTree, uniqueCode } from '../../support/factories';

const VIEWER = `{ viewer { id username role scope { id } } }`;
const DISABLE = `mutation($input: AccountDisableInput!) { accountDisable(input: $input) { account { id disabledAt } userErrors { field message code } } }`;
const ENABLE = `mutation($input: AccountEnableInput!) { accountEnable(input: $input) { account { id disabledAt } userErrors { field message code } } }`;

const accountCount = () => harness().db.getRepository(Account).count();

describe('accounts', () => {
  describe('login', () => {
    it('returns a signed token with an expiry that authenticates the account', async () => {
      const data = await gqlOk(LOGIN, { input: ADMIN });
      expect(data.login.userErrors).to.deep.equal([]);
      expect(new Date(data.login.expiresAt).getTime()).to.be.greaterThan(Date.now());
      const viewer = await gqlOk(VIEWER, {}, data.login.token);
      expect(viewer.viewer).to.include({ username: ADMIN.username, role: 'PLATFORM_ADMIN' });
    });

    it('treats usernames case-insensitively', async () => {
      const account = await createAccount('VOLUNTEER');
      const data = await gqlOk(LOGIN, { input: { username: ` ${account.username.toUpperCase()} `, password: account.password } });
      expect(data.login.userErrors).to.deep.equal([]);
      expect(data.login.account.username).to.equal(account.username);
    });

    it('gives the same answer for a wrong password and an unknown username', async () => {
      const account = await createAccount('VOLUNTEER');
      const wrongPassword = await gqlOk(LOGIN, { input: { username: account.username, password: 'not-the-password' } });
      const unknownUser = await gqlOk(LOGIN, { input: { username: uniqueCode('nobody'), password: 'not-the-password' } });
      expect(wrongPassword.login.token).to.equal(null);
      expect(wrongPassword.login.userErrors).to.deep.equal(unknownUser.login.userErrors);
      expect(wrongPassword.login.userErrors[0]).to.include({ code: 'INVALID', message: 'Invalid username or password' });
    });

    it('locks a username after repeated failures, known or not, even against the right password', async () => {
      // given
      const account = await createAccount('VOLUNTEER');
      const stranger = uniqueCode('ghost');
      for (let i = 0; i < 5; i++) {
        await gqlOk(LOGIN, { input: { username: account.username, password: 'wrong-password' } });
        await gqlOk(LOGIN, { input: { username: stranger, password: 'wrong-password' } });
      }
      // when
      const locked = await gqlOk(LOGIN, { input: { username: account.username, password: account.password } });
      const lockedStranger = await gqlOk(LOGIN, { input: { username: stranger, password: 'wrong-password' } });
      // then
      expect(locked.login.token).to.equal(null);
      expect(locked.login.userErrors[0].code).to.equal('LIMIT_EXCEEDED');
      expect(lockedStranger.login.userErrors[0].code).to.equal('LIMIT_EXCEEDED');
    });

    it('rejects an expired or forged token with UNAUTHENTICATED', async () => {
      const key = new TextEncoder().encode(TEST_JWT_SECRET);
      const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('1').setIssuer('volunteer-grid').setIssuedAt(1).setExpirationTime(2).sign(key);
      const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('1').setIssuer('volunteer-grid').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
      for (const token of [expired, forged, 'garbage']) {
        const res = await gql(`{ districts { totalCount } }`, {}, token);
        expect(errorCode(res)).to.equal('UNAUTHENTICATED');
      }
      expect((await gqlOk(VIEWER, {}, expired)).viewer).to.equal(null);
    });
  });

  describe('accountCreate', () => {
    it('forty sign-ins at once all succeed: the sign-in uses only its own transaction\'s connection, never a second one from the pool', async function () {
      this.timeout(60_000);
      const account = await createAccount('VOLUNTEER');
      const results = await Promise.all(Array.from({ length: 40 }, () => gqlOk(LOGIN, { input: { username: account.username, password: account.password } })));
      expect(results.filter((r) => r.login.token)).to.have.length(40);
    });

    it('stores the password hashed, never in clear', async () => {
      const account = await createAccount('RESIDENT', (await createTree([1, 1, 1])).children[0].children[0].children[0].id);
      const row = await harness().db.getRepository(Account).findOneByOrFail({ username: account.username });
      expect(row.passwordHash).to.match(/^scrypt\$/);
      expect(row.passwordHash).not.to.contain(account.password);
    });

    it('requires a scope for scoped roles and refuses one where the role has none', async () => {
      const tree = await createTree([1, 1, 1]);
      const before = await accountCount();
      const cases: [string, string | null, string][] = [
        ['DISPATCHER', null, 'a DISPATCHER account needs a scope region'],
        ['ANALYST', null, 'a ANALYST account needs a scope region'],
        ['GRID_WORKER', tree.children[0].id, 'a GRID_WORKER account\'s scope must be a COMMUNITY or GRID'],
        ['RESIDENT', tree.id, 'a RESIDENT account\'s scope must be a GRID'],
        ['PLATFORM_ADMIN', tree.id, 'a PLATFORM_ADMIN account has no scope region'],
        ['PARTNER', tree.id, 'a PARTNER account has no scope region'],
      ];
      for (const [role, scopeId, message] of cases) {
        const data = await gqlOk(ACCOUNT_CREATE, { input: { username: uniqueCode('u'), password: 'a-good-password', role, scopeId } }, await asAdmin());
        expect(data.accountCreate.userErrors).to.deep.equal([{ field: ['input', 'scopeId'], code: 'INVALID', message }]);
      }
      expect(await accountCount()).to.equal(before);
    });

    it('refuses a taken username (case-insensitively), a short password and a bad username', async () => {
      const existing = await createAccount('VOLUNTEER');
      const before = await accountCount();
      const cases: [Record<string, string>, string[], string][] = [
        [{ username: existing.username.toUpperCase() }, ['input', 'username'], 'CONFLICT'],
        [{ password: 'short' }, ['input', 'password'], 'INVALID'],
        [{ username: 'no spaces allowed' }, ['input', 'username'], 'INVALID'],
        [{ username: 'ab' }, ['input', 'username'], 'INVALID'],
      ];
      for (const [override, field, code] of cases) {
        const data = await gqlOk(ACCOUNT_CREATE, { input: { username: uniqueCode('u'), password: 'a-good-password', role: 'VOLUNTEER', ...override } }, await asAdmin());
        expect(data.accountCreate.userErrors, JSON.stringify(override)).to.have.length(1);
        expect(data.accountCreate.userErrors[0]).to.deep.include({ field, code });
      }
      expect(await accountCount()).to.equal(before);
    });
  });

  describe('accountDisable / accountEnable', () => {
    it('stops a disabled account\'s token at once and refuses its login; enabling restores it', async () => {
      // given
      const account = await createAccount('VOLUNTEER');
      expect((await gqlOk(VIEWER, {}, account.token)).viewer.username).to.equal(account.username);
      // when
      const disabled = await gqlOk(DISABLE, { input: { id: account.id, reason: 'left the city' } }, await asAdmin());
      // then
      expect(disabled.accountDisable.account.disabledAt).to.be.a('string');
      expect(errorCode(await gql(`{ districts { totalCount } }`, {}, account.token))).to.equal('UNAUTHENTICATED');
      const relogin = await gqlOk(LOGIN, { input: { username: account.username, password: account.password } });
      expect(relogin.login.userErrors[0].message).to.equal('Invalid username or password');
      // and when enabled again
      const enabled = await gqlOk(ENABLE, { input: { id: account.id } }, await asAdmin());
      expect(enabled.accountEnable.account.disabledAt).to.equal(null);
      expect((await gqlOk(VIEWER, {}, account.token)).viewer.username).to.equal(account.username);
    });

    it('refuses to disable yourself and unknown ids', async () => {
      const me = (await gqlOk(VIEWER, {}, await asAdmin())).viewer;
      const self = await gqlOk(DISABLE, { input: { id: me.id } }, await asAdmin());
      expect(self.accountDisable.userErrors[0]).to.deep.include({ field: ['input', 'id'], code: 'INVALID' });
      const unknown = await gqlOk(DISABLE, { input: { id: Buffer.from('Account:99999999').toString('base64url') } }, await asAdmin());
      expect(unknown.accountDisable.userErrors[0]).to.deep.include({ field: ['input', 'id'], code: 'NOT_FOUND' });
      const region = await createRegion();
      const wrongType = await gqlOk(DISABLE, { input: { id: region.id } }, await asAdmin());
      expect(wrongType.accountDisable.userErrors[0]).to.deep.include({ field: ['input', 'id'], code: 'INVALID' });
    });
  });
});
