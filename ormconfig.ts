import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config';
import { dataSourceOptions } from './src/core/database';

/** The DataSource the TypeORM CLI uses (`npm run migration:run`); same options as the server. */
export default new DataSource(dataSourceOptions(loadConfig().database));
