import { expect } from 'chai';
import { RedisEventBus } from '../../src/core/event-bus';
import { redisAnswers, TEST_REDIS_URL as REDIS_URL } from '../support/redis';

/** Against a real Redis. CI always has one; on a laptop without Redis the spec is skipped, never faked. */
describe('Redis event bus', () => {
  before(async function () {
    if (!(await redisAnswers())) {
      if (process.env.CI) throw new Error(`CI needs Redis at ${REDIS_URL}`);
      this.skip();
    }
  });

  it('carries a message from one process\'s bus to another\'s, and to itself', async () => {
    // given two buses, as two API processes would have
    const a = new RedisEventBus(REDIS_URL);
    const b = new RedisEventBus(REDIS_URL);
    try {
      await Promise.all([a.ready(), b.ready()]);
      const channel = `test-${process.pid}-${Date.now()}`;
      const heardByA: string[] = [];
      const heardByB: string[] = [];
      a.subscribe(channel, (m) => heardByA.push(m));
      b.subscribe(channel, (m) => heardByB.push(m));
      await new Promise((r) => setTimeout(r, 200)); // SUBSCRIBE is asynchronous
      // when
      a.publish(channel, '41');
      a.publish(channel, '42');
      // then
      const deadline = Date.now() + 5000;
      while ((heardByA.length < 2 || heardByB.length < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heardByB).to.deep.equal(['41', '42']);
      expect(heardByA).to.deep.equal(['41', '42']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses an unreachable Redis with one clear reason', async () => {
    const bus = new RedisEventBus('redis://127.0.0.1:1');
    let message = '';
    await bus.ready().catch((err: Error) => (message = err.message));
    expect(message).to.match(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
