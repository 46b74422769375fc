// `npm run simulate`: try Conversa without WhatsApp or Telegram accounts. Starts both providers' fakes, connects a channel
// of each on a running Conversa, and lets you play the customers at a prompt while agents' replies are printed live.
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { parseArgs } from 'node:util';
import { Simulator, type AgentMessage } from './simulator.js';

const HELP = `Play the customers:
  wa <phone> <text>              a WhatsApp message      wa +5215512345678 Hola, ¿tienen envío?
  wa-image <phone> [caption]     a WhatsApp photo        wa-image +5215512345678 Así llegó la caja
  tg <chat id> <text>            a Telegram message      tg 1001 Oi! Quero comprar
  tg-photo <chat id> [caption]   a Telegram photo        tg-photo 1001 Este modelo
  delivered | read               Meta reports the last WhatsApp reply delivered or read (Telegram tells bots neither)
  help | quit`;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CONVERSA_URL ?? 'http://localhost:3000' },
    email: { type: 'string', default: process.env.CONVERSA_EMAIL ?? 'demo@conversa.local' },
    password: { type: 'string', default: process.env.CONVERSA_PASSWORD ?? 'conversa-demo' },
    'whatsapp-port': { type: 'string', default: '3901' },
    'telegram-port': { type: 'string', default: '3902' },
  },
});

const options = {
  url: args.url.replace(/\/+$/, ''),
  email: args.email,
  password: args.password,
  whatsappPort: port(args['whatsapp-port']),
  telegramPort: port(args['telegram-port']),
};

const output = process.stdout;
const rl = createInterface({ input: process.stdin, output, prompt: 'customer> ' });
let closed = false;

/** Prints above the prompt, keeping what the developer is typing. */
function print(line?: string) {
  if (closed) return;
  if (line !== undefined) {
    if (output.isTTY) {
      clearLine(output, 0);
      cursorTo(output, 0);
    }
    output.write(`${line}\n`);
  }
  rl.prompt(true);
}

const showReply = (m: AgentMessage) => print(`→ ${m.channel} ${m.channel === 'WhatsApp' ? '' : 'chat '}${m.to}: ${m.text}`);

let simulator: Simulator;
try {
  simulator = await Simulator.start(options, showReply);
} catch (err) {
  console.error(`Could not start the simulator against ${options.url}: ${describe(err)}`);
  console.error(
    (err as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? 'Is another simulator running? Choose other ports with --whatsapp-port and --telegram-port.'
      : 'Is Conversa running there (npm start), and are the credentials right (npm run seed makes demo@conversa.local / conversa-demo)?',
  );
  rl.close();
  process.exit(1);
}

const { whatsapp, telegram, channels } = simulator;
output.write(
  `WhatsApp Cloud API fake on ${whatsapp.baseUrl}: channel ${channels.whatsapp.id}, webhook verified at ${channels.whatsapp.inboundUrl}\n` +
    `Telegram Bot API fake on ${telegram.url}: channel ${channels.telegram.id}, webhook ${telegram.webhook?.url}\n` +
    `Open ${options.url} to answer as an agent.\n\n${HELP}\n`,
);
rl.prompt();

rl.on('line', (line) => {
  run(line.trim()).then(print, (err: unknown) => print(`! ${describe(err)}`));
});
// Ctrl-C at the prompt reaches readline, not the process; both end here, as do Ctrl-D and `quit`.
rl.on('SIGINT', () => rl.close());
process.on('SIGINT', () => rl.close());
process.on('SIGTERM', () => rl.close());
rl.on('close', () => {
  closed = true;
  output.write('\nStopping the fakes.\n');
  void simulator.close();
});

/** Runs one command; returns what to print, if anything. */
async function run(line: string): Promise<string | undefined> {
  const [, command = '', target = '', text = ''] = /^(\S*)\s*(\S*)\s*(.*)$/.exec(line) ?? [];
  switch (command) {
    case '':
      return undefined;
    case 'wa':
      if (!target || !text) throw new Error('usage: wa <phone> <text>');
      await simulator.whatsappText(target, text);
      return undefined;
    case 'wa-image':
      if (!target) throw new Error('usage: wa-image <phone> [caption]');
      await simulator.whatsappImage(target, text || undefined);
      return undefined;
    case 'tg':
      if (!target || !text) throw new Error('usage: tg <chat id> <text>');
      await simulator.telegramText(chatId(target), text);
      return undefined;
    case 'tg-photo':
      if (!target) throw new Error('usage: tg-photo <chat id> [caption]');
      await simulator.telegramPhoto(chatId(target), text || undefined);
      return undefined;
    case 'delivered':
    case 'read':
      return `✓ ${command}: the last WhatsApp reply, to ${await simulator.status(command)}`;
    case 'help':
      return HELP;
    case 'quit':
    case 'exit':
      rl.close();
      return undefined;
    default:
      throw new Error(`unknown command "${command}" (help lists them)`);
  }
}

function chatId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`a Telegram chat id is a positive number, not "${text}"`);
  return id;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port: ${text}`);
  return n;
}

/** fetch hides the network error (e.g. ECONNREFUSED) in `cause`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}
