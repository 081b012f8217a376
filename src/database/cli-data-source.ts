import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/env.js';
import { dataSourceOptions } from './data-source.js';

/** For the TypeORM CLI only (`npx typeorm -d dist/database/cli-data-source.js …`); the app never imports it. */
export default new DataSource(dataSourceOptions(loadConfigOrExit().database));
