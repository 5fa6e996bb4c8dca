import { expect } from 'chai';
import { getMetadataArgsStorage } from 'typeorm';
import '../../src/core/entities';
import { CalloutAnswer } from '../../src/modules/callout/callout.enums';
import { DemandChannel, DemandEventReason, DemandEventType, DemandStatus, HandlingLevel, Urgency } from '../../src/modules/demand/demand.enums';
import { OfferStatus } from '../../src/modules/offer/offer.enums';
import { Vulnerability } from '../../src/modules/pairing/pairing.enums';
import { MembershipStatus, TeamKind } from '../../src/modules/team/team.enums';
import { Gender, IdType, VolunteerStatus } from '../../src/modules/volunteer/volunteer.enums';

/** Enum values stored in varchar columns must fit them: MySQL refuses longer values, SQLite would not notice. */
const STORED: [table: string, column: string, values: Record<string, string>][] = [
  ['demand', 'status', DemandStatus],
  ['demand', 'urgency', Urgency],
  ['demand', 'channel', DemandChannel],
  ['demand', 'handlingLevel', HandlingLevel],
  ['demand_event', 'type', DemandEventType],
  ['demand_event', 'reason', DemandEventReason],
  ['demand_event', 'fromStatus', DemandStatus],
  ['demand_offer', 'status', OfferStatus],
  ['team', 'kind', TeamKind],
  ['team_member', 'status', MembershipStatus],
  ['volunteer', 'status', VolunteerStatus],
  ['volunteer', 'gender', Gender],
  ['volunteer', 'idType', IdType],
  ['emergency_callout_member', 'answer', CalloutAnswer],
  ['pairing', 'vulnerability', Vulnerability],
];

describe('enum values fit their columns (unit)', () => {
  const storage = getMetadataArgsStorage();
  for (const [table, column, values] of STORED) {
    it(`${table}.${column}`, () => {
      const entity = storage.tables.find((t) => t.name === table)?.target;
      const args = storage.columns.find((c) => c.target === entity && c.propertyName === column);
      expect(args, `${table}.${column} is a column`).to.not.equal(undefined);
      const length = Number(args!.options.length);
      for (const value of Object.values(values)) expect(value.length, `${value} in ${table}.${column}(${length})`).to.be.at.most(length);
    });
  }
});
