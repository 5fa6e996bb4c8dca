import { expect } from 'chai';
import { DemandStatus as S, HandlingLevel } from '../../src/modules/demand/demand.enums';
import { TRANSITIONS, escalatedLevel, nextStatus, type DemandAction } from '../../src/modules/demand/demand.state-machine';
import { maskName, maskPhone } from '../../src/modules/demand/demand.access';

describe('demand state machine (unit)', () => {
  it('walks the happy path from SUBMITTED to CLOSED', () => {
    const path: [DemandAction, S][] = [['accept', S.ACCEPTED], ['dispatch', S.DISPATCHED], ['claim', S.ASSIGNED], ['start', S.IN_SERVICE], ['complete', S.COMPLETED], ['close', S.CLOSED]];
    let status = S.SUBMITTED;
    for (const [action, expected] of path) {
      status = nextStatus(action, status)!;
      expect(status, action).to.equal(expected);
    }
  });

  it('allows every action only from its listed statuses', () => {
    for (const [action, t] of Object.entries(TRANSITIONS) as [DemandAction, (typeof TRANSITIONS)[DemandAction]][]) {
      for (const status of Object.values(S)) {
        const allowed = t.from.includes(status);
        expect(nextStatus(action, status) !== null, `${action} from ${status}`).to.equal(allowed);
      }
    }
  });

  it('never leaves a terminal status except by reopening a closed demand', () => {
    for (const terminal of [S.REJECTED, S.CANCELLED]) for (const action of Object.keys(TRANSITIONS) as DemandAction[]) expect(nextStatus(action, terminal)).to.equal(null);
    expect(nextStatus('reopen', S.CLOSED)).to.equal(S.ACCEPTED);
    expect(nextStatus('cancel', S.IN_SERVICE)).to.equal(null);
  });

  it('escalates community → street → district and no further; escalation and overdue keep the status', () => {
    expect(escalatedLevel(HandlingLevel.COMMUNITY)).to.equal(HandlingLevel.STREET);
    expect(escalatedLevel(HandlingLevel.STREET)).to.equal(HandlingLevel.DISTRICT);
    expect(escalatedLevel(HandlingLevel.DISTRICT)).to.equal(null);
    expect(nextStatus('escalate', S.ACCEPTED)).to.equal(S.ACCEPTED);
    expect(nextStatus('overdue', S.IN_SERVICE)).to.equal(S.IN_SERVICE);
  });

  it('masks names and phone numbers', () => {
    expect(maskName('张三丰')).to.equal('张**');
    expect(maskName('A')).to.equal('*');
    expect(maskPhone('13812345678')).to.equal('138****5678');
    expect(maskPhone('5551234')).to.equal('***1234');
  });
});
