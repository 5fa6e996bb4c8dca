import { connectionType } from '../../core/relay';
import { DemandEvent } from './demand-event.entity';
import { Demand } from './demand.entity';

export const DemandConnection = connectionType('Demand', Demand, 'demand');
export const DemandEventConnection = connectionType('DemandEvent', DemandEvent, 'demand event');
