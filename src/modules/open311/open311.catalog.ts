import type { ServiceCategory, ServiceLevel } from '../category/category.entity';
import { Urgency } from '../demand/demand.enums';
import type { Fields } from './open311.format';

/**
 * Service categories as GeoReport services. Every service has one attribute, URGENCY, which sets
 * the demand's urgency and with it its deadlines; so `metadata` is true and a definition lists it.
 * Demands get their id at once (`type: realtime`).
 */
export const URGENCY_ATTRIBUTE = 'URGENCY';

const URGENCY_NAMES: Record<Urgency, string> = {
  [Urgency.ROUTINE]: 'Routine (一般)',
  [Urgency.URGENT]: 'Urgent (紧急)',
  [Urgency.EMERGENCY]: 'Emergency (危急)',
};

export function serviceOf(category: ServiceCategory, levels: ServiceLevel[]): Fields {
  return {
    service_code: category.code,
    service_name: category.name,
    description: levelsDescription(levels),
    metadata: true,
    type: 'realtime',
    keywords: `${category.nameEn}, ${category.code}`,
    group: null,
  };
}

export function definitionOf(category: ServiceCategory, levels: ServiceLevel[]): Fields {
  return {
    service_code: category.code,
    attributes: [
      {
        variable: true,
        code: URGENCY_ATTRIBUTE,
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: 'One of the keys; ROUTINE when left out.',
        order: 1,
        description: `How fast it must be handled. ${levelsDescription(levels)}`,
        values: Object.values(Urgency).map((urgency) => ({ key: urgency, name: URGENCY_NAMES[urgency] })),
      },
    ],
  };
}

/** What a demand of this category and urgency can expect: the service level it is held to. */
export function serviceNotice(category: ServiceCategory, level: ServiceLevel | undefined): string | null {
  if (!level) return null;
  return `${category.nameEn}, ${level.urgency.toLowerCase()}: the command center accepts it within ${duration(level.acceptMinutes)} and has it served within ${duration(level.completeMinutes)}.`;
}

function levelsDescription(levels: ServiceLevel[]): string {
  const order = Object.values(Urgency);
  return [...levels]
    .sort((a, b) => order.indexOf(a.urgency) - order.indexOf(b.urgency))
    .map((l) => `${l.urgency.charAt(0)}${l.urgency.slice(1).toLowerCase()}: accepted within ${duration(l.acceptMinutes)}, served within ${duration(l.completeMinutes)}.`)
    .join(' ');
}

/** 45 min, 4 h, 1.5 h, 3 d: the unit a person would use. */
export function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${round(minutes / 60)} h`;
  return `${round(minutes / 1440)} d`;
}

const round = (n: number) => String(Math.round(n * 10) / 10);
