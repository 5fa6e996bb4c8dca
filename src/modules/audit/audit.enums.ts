import { registerEnumType } from 'type-graphql';

/** How a mutation ended, as the audit log records it. */
export enum AuditOutcome {
  OK = 'OK',
  REFUSED = 'REFUSED',
  ERROR = 'ERROR',
}

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'How a recorded mutation ended.',
  valuesConfig: {
    OK: { description: 'It succeeded; its change and this entry committed together.' },
    REFUSED: { description: 'It answered with `userErrors` (their codes are in `errorCodes`); nothing was changed.' },
    ERROR: { description: 'It failed with a top-level error (UNAUTHENTICATED, FORBIDDEN, an unexpected failure ...); nothing was changed.' },
  },
});
