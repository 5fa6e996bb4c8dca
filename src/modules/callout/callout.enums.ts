import { registerEnumType } from 'type-graphql';

export enum CalloutAnswer {
  PENDING = 'PENDING',
  COMING = 'COMING',
  CANNOT = 'CANNOT',
}

registerEnumType(CalloutAnswer, {
  name: 'CalloutAnswer',
  description: 'A team member\'s answer to an emergency call-out.',
  valuesConfig: {
    PENDING: { description: 'Not answered yet.' },
    COMING: { description: 'On the way.' },
    CANNOT: { description: 'Cannot come.' },
  },
});
