import { registerEnumType } from 'type-graphql';

export enum Vulnerability {
  ELDERLY_ALONE = 'ELDERLY_ALONE',
  DISABLED = 'DISABLED',
  LEFT_BEHIND_CHILD = 'LEFT_BEHIND_CHILD',
  LOW_INCOME = 'LOW_INCOME',
  SERIOUSLY_ILL = 'SERIOUSLY_ILL',
  OTHER = 'OTHER',
}

registerEnumType(Vulnerability, {
  name: 'Vulnerability',
  description: 'Why a household is paired with a helper.',
  valuesConfig: {
    ELDERLY_ALONE: { description: 'Elderly people living alone (空巢、独居老人).' },
    DISABLED: { description: 'A member with a disability.' },
    LEFT_BEHIND_CHILD: { description: 'Children whose parents work far away (留守儿童).' },
    LOW_INCOME: { description: 'Low income or subsistence allowance (低保).' },
    SERIOUSLY_ILL: { description: 'Serious illness in the household.' },
    OTHER: { description: 'Another need; see the note.' },
  },
});
