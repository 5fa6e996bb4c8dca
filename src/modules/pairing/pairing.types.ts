import { connectionType } from '../../core/relay';
import { Pairing, PairingVisit } from './pairing.entity';

export const PairingConnection = connectionType('Pairing', Pairing, 'pairing');
export const PairingVisitConnection = connectionType('PairingVisit', PairingVisit, 'visit');
