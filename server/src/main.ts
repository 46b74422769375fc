import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config/config.js';
import { createConversa } from './server.js';

// A .env file beside where npm was started (see .env.example) fills in what the environment does not set.
const envFile = path.resolve(process.env.INIT_CWD ?? process.cwd(), '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const conversa = await createConversa(config);
if (config.role !== 'worker') {
  await conversa.app.listen({ port: config.port, host: config.host });
  conversa.ctx.log.info(`Conversa is running: open ${config.publicUrl}`);
  if (!config.databaseUrl) conversa.ctx.log.info(`Embedded database in ${config.dataDir}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await conversa.close();
    process.exit(0);
  });
}
