import { expect } from 'chai';
import { LoginThrottle, MemoryThrottleStore, RedisThrottleStore } from '../../src/modules/account/login-throttle';
import { uniqueCode } from '../support/factories';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis';

describe('login throttle (unit)', () => {
  const clocked = (maxFailures: number, lockSeconds: number) => {
    const clock = { now: 0 };
    const now = () => clock.now;
    return { clock, throttle: new LoginThrottle(maxFailures, lockSeconds, new MemoryThrottleStore(now), now) };
  };

  it('locks after the maximum failures and doubles the lock with each further failure', async () => {
    const { clock, throttle } = clocked(3, 10);
    await throttle.recordFailure('Alice');
    await throttle.recordFailure('alice ');
    expect(await throttle.retryAfter('alice')).to.equal(0);
    await throttle.recordFailure('ALICE');
    expect(await throttle.retryAfter('alice')).to.equal(10);
    clock.now = 10_000;
    expect(await throttle.retryAfter('alice')).to.equal(0);
    await throttle.recordFailure('alice');
    expect(await throttle.retryAfter('alice')).to.equal(20);
  });

  it('caps the lock at an hour and forgets the key after a success', async () => {
    const { throttle } = clocked(1, 1000);
    for (let i = 0; i < 20; i++) await throttle.recordFailure('bob');
    expect(await throttle.retryAfter('bob')).to.equal(3600);
    await throttle.recordSuccess('bob');
    expect(await throttle.retryAfter('bob')).to.equal(0);
  });

  it('forgets failures two hours after the last one', async () => {
    const { clock, throttle } = clocked(3, 10);
    await throttle.recordFailure('carol');
    await throttle.recordFailure('carol');
    clock.now = 2 * 3600_000 + 1;
    await throttle.recordFailure('carol');
    expect(await throttle.retryAfter('carol')).to.equal(0);
  });

  it('with Redis, two processes count one set of failures, concurrent ones included', async function () {
    if (!(await redisAnswers())) {
      if (process.env.CI) throw new Error(`CI needs Redis at ${TEST_REDIS_URL}`);
      return this.skip();
    }
    // given two processes' throttles on one Redis (a prefix of this test's own)
    const prefix = `vg-test-login:${uniqueCode('lt')}:`;
    const [a, b] = [new LoginThrottle(5, 30, new RedisThrottleStore(TEST_REDIS_URL, prefix)), new LoginThrottle(5, 30, new RedisThrottleStore(TEST_REDIS_URL, prefix))];
    try {
      await Promise.all([a.ready(), b.ready()]);
      // when five failures arrive at once, spread over both
      await Promise.all([a, b, a, b, a].map((t) => t.recordFailure('dave')));
      // then both refuse the sixth attempt, for the first lock's length
      expect(await a.retryAfter('dave')).to.be.within(29, 30);
      expect(await b.retryAfter('Dave')).to.be.within(29, 30);
      // and a success through either clears it for both
      await b.recordSuccess('dave');
      expect(await a.retryAfter('dave')).to.equal(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
