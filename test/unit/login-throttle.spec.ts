import { expect } from 'chai';
import { LoginThrottle } from '../../src/modules/account/login-throttle';

describe('login throttle (unit)', () => {
  it('locks after the maximum failures and doubles the lock with each further failure', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 10, () => now);
    throttle.recordFailure('Alice');
    throttle.recordFailure('alice ');
    expect(throttle.retryAfter('alice')).to.equal(0);
    throttle.recordFailure('ALICE');
    expect(throttle.retryAfter('alice')).to.equal(10);
    now = 10_000;
    expect(throttle.retryAfter('alice')).to.equal(0);
    throttle.recordFailure('alice');
    expect(throttle.retryAfter('alice')).to.equal(20);
  });

  it('caps the lock at an hour and forgets the key after a success', () => {
    let now = 0;
    const throttle = new LoginThrottle(1, 1000, () => now);
    for (let i = 0; i < 20; i++) throttle.recordFailure('bob');
    expect(throttle.retryAfter('bob')).to.equal(3600);
    throttle.recordSuccess('bob');
    expect(throttle.retryAfter('bob')).to.equal(0);
    now += 1;
  });
});
