/**
 * `npm run seed`: a demo workspace with Spanish- and Portuguese-speaking contacts, teams, agents and
 * conversations, written through the same services as live traffic so every row follows the product's rules.
 */
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config/config.js';
import { findUserByEmail } from '../domain/auth/auth.repo.js';
import { actorForUser, hashPassword, signup } from '../domain/auth/auth.service.js';
import { assignContact, setConversationStatus, snoozeContact } from '../domain/conversations/conversations.service.js';
import { applyStatus, ingestInbound, sendMessage } from '../domain/messages/messages.service.js';
import { createConversa } from '../server.js';
import { channels, contactChannels, teamMembers, teams, users } from './schema.js';

const DEMO_EMAIL = 'demo@conversa.local';
const DEMO_PASSWORD = 'conversa-demo';

const agents = [
  { name: 'Camila Rojas', email: 'camila@conversa.local', role: 'manager' as const, visibility: 'all' as const, team: 'Ventas' },
  { name: 'Rafael Oliveira', email: 'rafael@conversa.local', role: 'agent' as const, visibility: 'team' as const, team: 'Ventas' },
  { name: 'Lucía Fernández', email: 'lucia@conversa.local', role: 'agent' as const, visibility: 'all' as const, team: 'Soporte' },
  { name: 'Thiago Santos', email: 'thiago@conversa.local', role: 'agent' as const, visibility: 'assigned' as const, team: 'Soporte' },
];

type Script = { name: string; phone: string; lines: string[]; reply?: string; agent?: number; outcome?: 'closed' | 'snoozed' };
const contacts: Script[] = [
  { name: 'María Guadalupe Hernández', phone: '+5215512345678', lines: ['Hola, ¿tienen envío a Monterrey?', '¿Cuánto tarda?'], reply: '¡Hola María! Sí, enviamos a Monterrey en 2 a 3 días hábiles.', agent: 0 },
  { name: 'João Pedro Almeida', phone: '+5511987654321', lines: ['Oi, qual o prazo de entrega para São Paulo?'], reply: 'Olá João! Para São Paulo o prazo é de 1 a 2 dias úteis.', agent: 1 },
  { name: 'Valentina Gómez', phone: '+573001234567', lines: ['Buenas tardes, quiero cambiar la talla de mi pedido 4821'], reply: 'Claro Valentina, ¿qué talla necesitas?', agent: 2, outcome: 'closed' },
  { name: 'Ana Clara Souza', phone: '+5521998765432', lines: ['Vocês aceitam Pix?', 'Quero comprar 3 unidades'], agent: 1 },
  { name: 'Santiago Martínez', phone: '+5491123456789', lines: ['¿Hacen factura A?'], reply: 'Sí, Santiago. Pasanos tu CUIT y la emitimos.', agent: 3, outcome: 'snoozed' },
  { name: 'Francisca Muñoz', phone: '+56912345678', lines: ['Hola! el producto llegó dañado 😞'], agent: 2 },
  { name: 'Luiz Fernando Costa', phone: '+5531991234567', lines: ['Bom dia, meu pedido ainda não chegou', 'Código de rastreio BR123456789'] },
  { name: 'Camila Torres', phone: '+51987654321', lines: ['¿Tienen tienda física en Lima?'] },
  { name: 'Mariana Ribeiro', phone: '+5541987651234', lines: ['Qual o horário de atendimento?'], reply: 'Atendemos de segunda a sexta, das 9h às 18h.', outcome: 'closed' },
  { name: 'José Luis Ramírez', phone: '+5213312345678', lines: ['Quiero hablar con un asesor de ventas'] },
  { name: 'Gabriela Castro', phone: '+593991234567', lines: ['¿Tienen descuentos por mayoreo?'], agent: 0 },
  { name: 'Rafaela Lima', phone: '+5571991234567', lines: ['Oi! Vi o anúncio no Instagram, ainda tem estoque?'] },
];

const config = loadConfig();
const conversa = await createConversa({ ...config, role: 'web' });
const { ctx } = conversa;
try {
  if (await findUserByEmail(ctx.db, DEMO_EMAIL)) {
    console.log(`The demo workspace already exists. Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}.`);
  } else {
    const { workspace, user: owner } = await signup(ctx, {
      workspaceName: 'Tienda Aurora',
      name: 'Demo Owner',
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      language: 'es',
      timezone: 'America/Mexico_City',
    });
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const teamIds = new Map<string, number>();
    for (const name of ['Ventas', 'Soporte']) {
      const [team] = await ctx.db.insert(teams).values({ workspaceId: workspace.id, name }).returning();
      teamIds.set(name, team!.id);
    }
    const agentRows = [];
    for (const a of agents) {
      const [u] = await ctx.db
        .insert(users)
        .values({ workspaceId: workspace.id, email: a.email, name: a.name, passwordHash, role: a.role, visibility: a.visibility })
        .returning();
      await ctx.db.insert(teamMembers).values({ workspaceId: workspace.id, teamId: teamIds.get(a.team)!, userId: u!.id });
      agentRows.push(u!);
    }
    // The API channel is the generic integration: point its outbound URL at your own service to send for real.
    const [channel] = await ctx.db
      .insert(channels)
      .values({ workspaceId: workspace.id, type: 'api', name: 'Website integration', config: { outboundUrl: 'http://127.0.0.1:9/demo' }, secret: 'demo-secret' })
      .returning();
    const ownerActor = await actorForUser(ctx, owner);
    for (const [i, script] of contacts.entries()) {
      const externalId = `demo-${i + 1}`;
      for (const [j, text] of script.lines.entries()) {
        await ingestInbound(ctx, channel!, [
          { kind: 'message', externalId: `${externalId}-m${j}`, contact: { externalId, name: script.name, phone: script.phone }, text },
        ]);
      }
      const [identity] = await ctx.db.select().from(contactChannels).where(eq(contactChannels.externalId, externalId));
      const contactId = identity!.contactId;
      const agent = script.agent === undefined ? undefined : agentRows[script.agent]!;
      if (agent) {
        const team = teamIds.get(agents[script.agent!]!.team)!;
        await assignContact(ctx, ownerActor, contactId, { userId: agent.id, teamId: team });
      }
      if (script.reply) {
        const replier = agent ? await actorForUser(ctx, agent) : ownerActor;
        const sent = await sendMessage(ctx, replier, contactId, { text: script.reply });
        // Demo replies show as delivered and read, as if the integration had reported it.
        for (const status of ['sent', 'delivered', 'read'] as const) {
          await applyStatus(ctx, channel!, { id: Number(sent.id) }, status, undefined, new Date());
        }
      }
      if (script.outcome === 'closed') {
        await setConversationStatus(ctx, ownerActor, contactId, { status: 'closed', summary: 'Resuelto en el primer contacto' });
      } else if (script.outcome === 'snoozed') {
        await snoozeContact(ctx, ownerActor, contactId, new Date(Date.now() + 2 * 3_600_000));
      }
    }
    console.log(`Demo workspace "Tienda Aurora" created with ${contacts.length} contacts.`);
    console.log(`Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD} (agents: ${agents.map((a) => a.email).join(', ')}, same password).`);
  }
} finally {
  await conversa.close();
}
