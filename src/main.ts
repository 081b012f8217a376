import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import 'reflect-metadata';
import { AppModule, type AppOptions } from './app.module.js';
import { configureApp, createAdapter } from './app.setup.js';
import { ConfigError, loadConfig } from './config/env.js';

export async function startServer(config = loadConfig(), options: AppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), createAdapter(), {
    bufferLogs: false,
    bodyParser: false,
  });
  app.enableShutdownHooks();
  await configureApp(app);
  await app.listen(config.port, '0.0.0.0');
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const config = loadConfig();
    await startServer(config);
    new Logger('Main').log(`集体经济分红账本 listening on http://localhost:${config.port}/ (API /api, docs /api/docs)`);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}
