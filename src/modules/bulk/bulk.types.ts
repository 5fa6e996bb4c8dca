import { connectionType } from '../../core/relay';
import { ImportJob, ImportRowError } from './bulk.entity';

export const ImportJobConnection = connectionType('ImportJob', ImportJob, 'import job');
export const ImportRowErrorConnection = connectionType('ImportRowError', ImportRowError, 'row error');
