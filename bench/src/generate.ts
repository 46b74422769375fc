import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/client.js';
import { channels, closingCategories, contacts, customFieldDefinitions, tags, teamMembers, teams, users } from '../../server/src/db/schema.js';
import { createSession, hashPassword, signup } from '../../server/src/domain/auth/auth.service.js';
import { normalisePhone } from '../../server/src/domain/contacts/phone.js';
import { contactSearchText } from '../../server/src/domain/contacts/search-text.js';
import type { Conversa } from '../../server/src/server.js';

/**
 * The bench workspace: people, teams, channels, fields and tags are made through the product's own code; contacts,
 * conversations, messages and timelines in bulk SQL (INSERT … SELECT over generate_series, run inside the database),
 * written column for column as the services write them, then spot-checked against the product's own functions.
 */

export type BenchUser = { id: number; role: 'owner' | 'manager' | 'agent'; visibility: 'all' | 'team' | 'assigned'; teamIds: number[]; tokens: string[] };
export type BenchChannel = { id: number; secret: string };
export type Workspace = { id: number; users: BenchUser[]; teamIds: number[]; channels: BenchChannel[] };
export type Generated = { workspace: Workspace; counts: Record<string, number>; seconds: { setup: number; bulk: number; indexes: number; analyze: number } };

const TEAMS = ['Ventas', 'Soporte', 'Postventa', 'Mayoristas', 'Brasil'];
const AGENTS = 45;
const MANAGERS = 4;
/** Sessions per user, so B3 can open 500 sockets over 50 users. */
const SESSIONS_PER_USER = 10;
const MESSAGES_PER_CONVERSATION = 12;

const esFirst = ['María', 'José', 'Lucía', 'Sofía', 'Martín', 'Mateo', 'Valentina', 'Camila', 'Santiago', 'Sebastián', 'Isabella', 'Ximena', 'Diego', 'Andrés', 'Fernanda', 'Gabriela', 'Alejandro', 'Daniela', 'Nicolás', 'Paula', 'Joaquín', 'Renata', 'Tomás', 'Agustina', 'Emilia', 'Benjamín', 'Catalina', 'Julián', 'Mariana', 'Rodrigo', 'Ángela', 'Begoña', 'Iñaki', 'Núria', 'Ramón', 'Guadalupe', 'Araceli', 'Héctor', 'Inés', 'Óscar'];
const esLast = ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Díaz', 'Hernández', 'Álvarez', 'Jiménez', 'Ruiz', 'Moreno', 'Muñoz', 'Romero', 'Torres', 'Ramírez', 'Flores', 'Castillo', 'Vargas', 'Rojas', 'Castro', 'Ortiz', 'Silva', 'Núñez', 'Mendoza', 'Herrera', 'Aguilar', 'Ibáñez', 'Peña', 'Cortés', 'Guzmán', 'Vázquez', 'Domínguez', 'Suárez', 'Benítez', 'Quiñones', 'Echeverría'];
const ptFirst = ['João', 'Maria', 'Ana', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Beatriz', 'Júlia', 'Letícia', 'Thiago', 'Mateus', 'Larissa', 'Camila', 'Felipe', 'Gustavo', 'Fernanda', 'Vitória', 'André', 'Antônio', 'Luíza', 'Caio', 'Bruna', 'Érica', 'Conceição', 'Sérgio', 'Otávio', 'Débora', 'Márcio', 'Vinícius', 'Natália', 'Rodrigo', 'Mônica', 'Cláudia', 'Fábio', 'Lívia', 'Estêvão', 'Inês', 'Simão', 'Raquel'];
const ptLast = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Araújo', 'Melo', 'Barbosa', 'Cardoso', 'Rocha', 'Dias', 'Nascimento', 'Conceição', 'Gonçalves', 'Moreira', 'Magalhães', 'Simões', 'Brandão', 'Falcão', 'Guimarães', 'Leão', 'Patrício', 'Sebastião', 'Assunção', 'Damião', 'Peixoto', 'Teixeira', 'Correia', 'Fonseca', 'Mendes', 'Azevedo'];
const esTexts = ['Hola, ¿tienen envío a Monterrey?', '¿Cuánto tarda el pedido?', 'Quiero cambiar la talla de mi pedido', 'El producto llegó dañado 😞', '¿Aceptan pago con tarjeta?', 'Gracias por la ayuda', '¿Tienen tienda física?', 'Necesito la factura, por favor', 'Claro, te paso el enlace de seguimiento', 'Perfecto, quedo atento', '¿Hay descuento por mayoreo?', 'Ya lo recibí, todo bien'];
const ptTexts = ['Oi, qual o prazo de entrega?', 'Vocês aceitam Pix?', 'Meu pedido ainda não chegou', 'Quero trocar o tamanho', 'Obrigado pela ajuda!', 'Qual o horário de atendimento?', 'Pode me mandar o código de rastreio?', 'Ainda tem estoque?', 'Certo, vou aguardar', 'Chegou certinho, obrigada', 'Tem desconto no atacado?', 'Preciso da nota fiscal'];
const tagNames = ['VIP', 'Mayorista', 'Atacado', 'Reclamo', 'Reclamação', 'Nuevo', 'Novo', 'Recompra', 'Devolución', 'Troca', 'Factura', 'Nota fiscal', 'Influencer', 'Prioridad', 'Urgente', 'Lead frío', 'Lead quente', 'Black Friday', 'Newsletter', 'Internacional'];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (values: string[]) => `(array[${values.map(lit).join(",")}]::text[])`;
const idArray = (values: number[]) => `(array[${values.join(",")}]::bigint[])`;
/** Folded as `search_text` folds names (the product's own function). */
const fold = (name: string) => contactSearchText({ firstName: name, lastName: null, displayName: null, email: null, phone: null });
/** A deterministic uniform [0, 1) per contact and purpose, so a scale always generates the same workspace. */
const u = (salt: number, of = 'p.n') => `((hashint8(${of} * 1000 + ${salt}) & 2147483647)::float8 / 2147483648.0)`;

async function setUpWorkspace(conversa: Conversa): Promise<Workspace> {
  const { ctx } = conversa;
  const db = ctx.db;
  const { workspace, user: owner } = await signup(ctx, {
    workspaceName: 'Comercial Aurora (bench)',
    name: 'Dueña Bench',
    email: `owner+${randomBytes(4).toString('hex')}@bench.conversa.local`,
    password: 'bench password 1',
    language: 'es',
    timezone: 'America/Mexico_City',
  });
  const teamIds: number[] = [];
  for (const name of TEAMS) teamIds.push((await db.insert(teams).values({ workspaceId: workspace.id, name }).returning())[0]!.id);
  const passwordHash = await hashPassword('bench password 1');
  const people: Omit<BenchUser, 'id' | 'tokens'>[] = [];
  for (let i = 0; i < MANAGERS; i++) people.push({ role: 'manager', visibility: 'all', teamIds: [teamIds[i % 5]!] });
  // Mixed restrictions (WS-3): a third of the agents see everything, a third their teams', a third only their own contacts.
  for (let i = 0; i < AGENTS; i++) {
    const extra = i % 4 === 0 ? [teamIds[(i + 1) % 5]!] : [];
    people.push({ role: 'agent', visibility: (['all', 'team', 'assigned'] as const)[i % 3]!, teamIds: [teamIds[i % 5]!, ...extra] });
  }
  const benchUsers: BenchUser[] = [{ id: owner.id, role: 'owner', visibility: 'all', teamIds: [], tokens: [] }];
  for (const [i, p] of people.entries()) {
    const [row] = await db
      .insert(users)
      .values({ workspaceId: workspace.id, email: `${p.role}${i}@bench.conversa.local`, name: `${p.role === 'agent' ? 'Agente' : 'Gerente'} ${i + 1}`, passwordHash, role: p.role, visibility: p.visibility })
      .returning();
    if (p.teamIds.length > 0) await db.insert(teamMembers).values(p.teamIds.map((teamId) => ({ workspaceId: workspace.id, teamId, userId: row!.id })));
    benchUsers.push({ ...p, id: row!.id, tokens: [] });
  }
  const userRows = await db.select().from(users).where(eq(users.workspaceId, workspace.id));
  for (const member of benchUsers) {
    const row = userRows.find((r) => r.id === member.id)!;
    for (let s = 0; s < SESSIONS_PER_USER; s++) member.tokens.push(await createSession(ctx, db, row));
  }
  const benchChannels: BenchChannel[] = [];
  for (const name of ['WhatsApp Business (API)', 'Instagram (API)', 'Chat del sitio (API)']) {
    const secret = randomBytes(24).toString('hex');
    const [row] = await db
      .insert(channels)
      .values({ workspaceId: workspace.id, type: 'api', name, config: { outboundUrl: 'http://127.0.0.1:9/bench-unset' }, secret })
      .returning();
    benchChannels.push({ id: row!.id, secret });
  }
  await db.insert(customFieldDefinitions).values([
    { workspaceId: workspace.id, key: 'plan', label: 'Plan', type: 'list', options: ['Básico', 'Pro', 'Empresa'], position: 0 },
    { workspaceId: workspace.id, key: 'pedidos', label: 'Pedidos', type: 'number', position: 1 },
    { workspaceId: workspace.id, key: 'cliente_desde', label: 'Cliente desde', type: 'date', position: 2 },
    { workspaceId: workspace.id, key: 'vip', label: 'VIP', type: 'checkbox', position: 3 },
    { workspaceId: workspace.id, key: 'ciudad', label: 'Ciudad', type: 'text', position: 4 },
  ]);
  await db.insert(tags).values(tagNames.map((name) => ({ workspaceId: workspace.id, name })));
  return { id: workspace.id, users: benchUsers, teamIds, channels: benchChannels };
}

const BULK_TABLES = ['contacts', 'conversations', 'messages', 'contact_channels', 'contact_tags', 'conversation_events'];

/** Fills the workspace with `contactCount` contacts and about `messageCount` messages. */
export async function generate(conversa: Conversa, contactCount: number, messageCount: number, log = console.log): Promise<Generated> {
  const db = conversa.ctx.db;
  const run = (text: string) => db.execute(sql.raw(text));
  const rows = async <T>(text: string) => ((await run(text)) as unknown as { rows: T[] }).rows;
  const clock = () => performance.now() / 1000;

  let t = clock();
  const ws = await setUpWorkspace(conversa);
  const setupSeconds = clock() - t;
  const tagIds = (await db.select({ id: tags.id }).from(tags).where(eq(tags.workspaceId, ws.id))).map((r) => r.id);
  const categories = await db.select().from(closingCategories).where(eq(closingCategories.workspaceId, ws.id));
  const agents = ws.users.filter((u) => u.role === 'agent');
  // Assignees are chosen among each team's agents (primary team): a [5][9] array.
  const byTeam = ws.teamIds.map((teamId) => agents.filter((a) => a.teamIds[0] === teamId).map((a) => a.id));
  const teamAgents = `array[${byTeam.map((ids) => `array[${ids.join(',')}]`).join(',')}]::bigint[]`;
  const [ch1, ch2, ch3] = ws.channels.map((c) => c.id) as [number, number, number];
  const ids = await rows<{ c: string; v: string; m: string }>(
    `select (select coalesce(max(id), 0) from contacts) c, (select coalesce(max(id), 0) from conversations) v, (select coalesce(max(id), 0) from messages) m`,
  );
  const [c0, v0, m0] = [Number(ids[0]!.c), Number(ids[0]!.v), Number(ids[0]!.m)];

  // Skewed histories: most contacts have a few messages, some dozens, a few hundreds, a handful thousands (mean ≈ 10.7 before scaling).
  const perContact = messageCount / contactCount / 10.69;
  t = clock();
  // Indexes are built once after the load (faster than maintaining them row by row); foreign-key triggers are off
  // during the load and every reference is made from ids this run just wrote.
  const indexes = await rows<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes i where schemaname = 'public' and tablename in (${BULK_TABLES.map(lit).join(',')})
       and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
  );
  for (const ix of indexes) await run(`drop index ${ix.indexname}`);
  for (const table of BULK_TABLES) await run(`alter table ${table} disable trigger all`);

  await run(`drop table if exists bench_plan`);
  await run(`
    create unlogged table bench_plan as
    with drawn as (
      select g::bigint as n,
        case
          when ${u(1, 'g')} < 0.02 then 0
          when ${u(1, 'g')} < 0.90 then greatest(1, round((1 + floor(${u(2, 'g')} * 8)) * ${perContact}))
          when ${u(1, 'g')} < 0.99 then greatest(1, round((10 + floor(${u(2, 'g')} * 50)) * ${perContact}))
          when ${u(1, 'g')} < 0.9995 then round((100 + floor(${u(2, 'g')} * 300)) * ${perContact})
          else round((1000 + floor(${u(2, 'g')} * 3000)) * ${perContact})
        end::int as msgs
      from generate_series(1, ${contactCount}) g
    ), sized as (
      select n, msgs, case when msgs = 0 then 0 else 1 + (msgs - 1) / ${MESSAGES_PER_CONVERSATION} end as convs from drawn
    )
    select n, ${c0} + n as contact_id, msgs, convs,
      coalesce(sum(msgs) over w, 0)::bigint as msg_off,
      coalesce(sum(convs) over w, 0)::bigint as conv_off
    from sized window w as (order by n rows between unbounded preceding and 1 preceding)`);
  await run(`
    alter table bench_plan add column status text, add column team_id bigint, add column agent_id bigint, add column assignee_id bigint,
      add column channel_id bigint, add column last_at timestamptz, add column unanswered int, add column country text, add column phone text,
      add column lang text, add column fi int, add column li int, add column named boolean, add column has_email boolean`);
  await run(`
    update bench_plan p set
      status = case when p.msgs = 0 then null when ${u(3)} < 0.05 then 'open' when ${u(3)} < 0.06 then 'snoozed' else 'closed' end,
      team_id = (array[null, ${ws.teamIds.join(',')}]::bigint[])[1 + floor(${u(4)} * 6)::int],
      channel_id = case when ${u(7)} < 0.6 then ${ch1} when ${u(7)} < 0.85 then ${ch2} else ${ch3} end,
      country = case when ${u(9)} < 0.25 then 'MX' when ${u(9)} < 0.55 then 'BR' when ${u(9)} < 0.65 then 'CO' when ${u(9)} < 0.75 then 'AR'
        when ${u(9)} < 0.80 then 'CL' when ${u(9)} < 0.85 then 'PE' when ${u(9)} < 0.95 then 'ES' else 'PT' end,
      fi = floor(${u(10)} * 40)::int + 1, li = floor(${u(11)} * 40)::int + 1,
      named = ${u(12)} < 0.3, has_email = ${u(13)} < 0.4`);
  await run(`
    update bench_plan p set
      lang = case when p.country in ('BR', 'PT') then 'pt' else 'es' end,
      agent_id = case when p.team_id is not null then (${teamAgents})[array_position(${idArray(ws.teamIds)}, p.team_id)][1 + floor(${u(6)} * 9)::int]
        else ${idArray(agents.map((a) => a.id))}[1 + floor(${u(6)} * ${agents.length})::int] end,
      last_at = case when p.msgs = 0 then null when p.status = 'closed' then now() - interval '2 days' - ${u(8)} * interval '400 days'
        else now() - ${u(8)} * interval '2 days' end,
      unanswered = case when p.status in ('open', 'snoozed') then 1 + (p.n % 3)::int else 0 end,
      -- Web-chat visitors often leave no phone; everyone else is known by an E.164 number.
      phone = case when p.channel_id = ${ch3} and ${u(14)} < 0.5 then null else case p.country
        when 'MX' then '+5255' || lpad((p.n % 100000000)::text, 8, '0')
        when 'BR' then '+55' || (array['11','21','31','41','51','61','71','81'])[1 + (p.n % 8)::int] || '9' || lpad((p.n % 100000000)::text, 8, '0')
        when 'CO' then '+57300' || lpad((p.n % 10000000)::text, 7, '0')
        when 'AR' then '+54911' || lpad((p.n % 100000000)::text, 8, '0')
        when 'CL' then '+5699' || lpad((p.n % 10000000)::text, 7, '0')
        when 'PE' then '+519' || lpad((p.n % 100000000)::text, 8, '0')
        when 'ES' then '+346' || lpad((p.n % 100000000)::text, 8, '0')
        else '+35191' || lpad((p.n % 10000000)::text, 7, '0') end end`);
  // Open and snoozed contacts are mostly assigned within their team; closing unassigns (IN-9), so closed ones are not.
  await run(`update bench_plan p set assignee_id = case when p.status in ('open', 'snoozed') and ${u(5)} < case when p.team_id is null then 0.3 else 0.65 end then p.agent_id end`);

  // The time of message i of a contact: its history ends at last_at, one message every 37 minutes.
  const at = (i: string) => `(p.last_at - (p.msgs - 1 - (${i})) * interval '37 minutes')`;
  const iso = (ts: string) => `to_char((${ts}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const fn = `(case when p.lang = 'pt' then ${textArray(ptFirst)} else ${textArray(esFirst)} end)[p.fi]`;
  const ln = `(case when p.lang = 'pt' then ${textArray(ptLast)} else ${textArray(esLast)} end)[p.li]`;
  const ffn = `(case when p.lang = 'pt' then ${textArray(ptFirst.map(fold))} else ${textArray(esFirst.map(fold))} end)[p.fi]`;
  const fln = `(case when p.lang = 'pt' then ${textArray(ptLast.map(fold))} else ${textArray(esLast.map(fold))} end)[p.li]`;
  const email = `case when p.has_email then ${ffn} || '.' || ${fln} || p.n || '@' || (array['gmail.com','hotmail.com','outlook.com','yahoo.com.br','uol.com.br','icloud.com'])[1 + (p.n % 6)::int] end`;
  const statusChangedAt = `case p.status when 'open' then ${at(`(p.convs - 1) * ${MESSAGES_PER_CONVERSATION}`)} when 'snoozed' then p.last_at else ${at('p.msgs - 1')} + interval '10 minutes' end`;
  await run(`
    insert into contacts (id, workspace_id, first_name, last_name, display_name, email, phone, country, language, custom_fields, search_text,
      created_at, updated_at, last_interaction_at, conversation_id, conversation_status, status_changed_at, assignee_id, team_id,
      last_message_id, last_message_at, last_channel_id, unread_count, unanswered_count)
    select p.contact_id, ${ws.id},
      case when p.named then ${fn} end, case when p.named then ${ln} end, case when not p.named then ${fn} || ' ' || ${ln} end,
      e.email, p.phone, case when p.phone is not null then p.country end, p.lang,
      case when ${u(15)} < 0.6 then jsonb_build_object('plan', (array['Básico','Pro','Empresa'])[1 + (p.n % 3)::int], 'pedidos', p.n % 40,
        'cliente_desde', to_char(date '2019-01-01' + (p.n % 2000)::int, 'YYYY-MM-DD'), 'vip', p.n % 17 = 0,
        'ciudad', (array['Ciudad de México','São Paulo','Bogotá','Buenos Aires','Santiago','Lima','Madrid','Lisboa'])[1 + (p.n % 8)::int])
        else '{}'::jsonb end,
      -- contactSearchText: folded names, the email, the phone's digits, space-separated.
      concat_ws(' ', ${ffn} || ' ' || ${fln}, e.email, substr(p.phone, 2)),
      coalesce(${at('0')}, now() - ${u(16)} * interval '700 days') - interval '1 day',
      coalesce(p.last_at, now() - ${u(16)} * interval '700 days'), p.last_at,
      case when p.convs > 0 then ${v0} + p.conv_off + p.convs end, p.status,
      case when p.msgs > 0 then ${statusChangedAt} end,
      p.assignee_id, p.team_id,
      case when p.msgs > 0 then ${m0} + p.msg_off + p.msgs end, p.last_at, case when p.msgs > 0 then p.channel_id end,
      least(p.unanswered, p.msgs), least(p.unanswered, p.msgs)
    from bench_plan p cross join lateral (select ${email} as email) e`);
  await run(`
    insert into conversations (id, workspace_id, contact_id, status, assignee_id, team_id, snoozed_until, opened_at, opened_by_kind, opened_by_id,
      first_assigned_at, first_response_at, last_response_at, closed_at, closed_by_kind, closed_by_id, closing_category_id)
    select ${v0} + p.conv_off + j + 1, ${ws.id}, p.contact_id, c.status,
      case when c.status = 'closed' then p.agent_id else p.assignee_id end, p.team_id,
      case when c.status = 'snoozed' then now() + (1 + p.n % 48) * interval '1 hour' end,
      ${at(`j * ${MESSAGES_PER_CONVERSATION}`)}, 'contact', p.contact_id,
      case when c.status = 'closed' or p.assignee_id is not null then ${at(`j * ${MESSAGES_PER_CONVERSATION}`)} + interval '2 minutes' end,
      case when c.last > j * ${MESSAGES_PER_CONVERSATION} then ${at(`j * ${MESSAGES_PER_CONVERSATION} + 1`)} end,
      case when c.last > j * ${MESSAGES_PER_CONVERSATION} then ${at('c.last')} end,
      case when c.status = 'closed' then ${at('c.last')} + interval '10 minutes' end,
      case when c.status = 'closed' then 'user' end, case when c.status = 'closed' then p.agent_id end,
      case when c.status = 'closed' then ${idArray(categories.map((c) => c.id))}[1 + (p.n % ${categories.length})::int] end
    from bench_plan p cross join lateral generate_series(0, p.convs - 1) j
    cross join lateral (select case when j = p.convs - 1 then p.status else 'closed' end as status,
      least((j + 1) * ${MESSAGES_PER_CONVERSATION}, p.msgs) - 1 as last) c`);
  // Each contact's last `unanswered` messages are inbound (the counters above), the one before them a reply.
  const direction = `case when i >= p.msgs - p.unanswered then 'in' when i = p.msgs - p.unanswered - 1 then 'out' when i % 3 = 1 then 'out' else 'in' end`;
  await run(`
    insert into messages (id, workspace_id, contact_id, conversation_id, channel_id, direction, sender_kind, sender_user_id, external_id, text,
      status, status_times, send_attempts, created_at)
    select ${m0} + p.msg_off + i + 1, ${ws.id}, p.contact_id, ${v0} + p.conv_off + i / ${MESSAGES_PER_CONVERSATION} + 1, p.channel_id,
      d.dir, case d.dir when 'in' then 'contact' else 'user' end, case d.dir when 'out' then p.agent_id end,
      d.dir || '-' || (${m0} + p.msg_off + i + 1),
      (case when p.lang = 'pt' then ${textArray(ptTexts)} else ${textArray(esTexts)} end)[1 + ((p.n + i) % 12)::int],
      case d.dir when 'in' then 'received' else 'read' end,
      case d.dir when 'in' then jsonb_build_object('sent', ${iso('d.ts')})
        else jsonb_build_object('pending', ${iso('d.ts')}, 'sent', ${iso("d.ts + interval '1 second'")}, 'delivered', ${iso("d.ts + interval '3 seconds'")}, 'read', ${iso("d.ts + interval '1 minute'")}) end,
      case d.dir when 'out' then 1 else 0 end, d.ts
    from bench_plan p cross join lateral generate_series(0, p.msgs - 1) i
    cross join lateral (select ${direction} as dir, ${at('i')} as ts) d`);
  // The channel identity the messages came through, and for one contact in ten a second one.
  const externalId = (channel: string) =>
    `case ${channel} when ${ch1} then coalesce(substr(p.phone, 2), 'wa-' || p.n) when ${ch2} then 'ig-' || p.n else 'web-' || p.n end`;
  const second = `(array[${ch2}, ${ch3}, ${ch1}]::bigint[])[array_position(array[${ch1}, ${ch2}, ${ch3}]::bigint[], p.channel_id)]`;
  await run(`
    insert into contact_channels (workspace_id, contact_id, channel_id, external_id, created_at)
    select ${ws.id}, p.contact_id, p.channel_id, ${externalId('p.channel_id')}, coalesce(${at('0')}, now()) - interval '1 day' from bench_plan p
    union all
    select ${ws.id}, p.contact_id, ${second}, ${externalId(second)}, coalesce(${at('0')}, now()) - interval '1 day' from bench_plan p where ${u(17)} < 0.1`);
  await run(`
    insert into contact_tags (workspace_id, contact_id, tag_id)
    select ${ws.id}, p.contact_id, ${idArray(tagIds)}[1 + ((p.n + o.k) % ${tagIds.length})::int]
    from bench_plan p cross join (values (0, 0.3), (7, 0.15), (13, 0.05)) o(k, share) where ${u(18)} < o.share`);
  await run(`
    insert into conversation_events (workspace_id, contact_id, conversation_id, type, actor_kind, actor_id, data, created_at)
    select workspace_id, contact_id, id, 'opened', 'contact', contact_id, '{}', opened_at from conversations where workspace_id = ${ws.id}
    union all
    select workspace_id, contact_id, id, 'assigned', 'user', ${ws.users[0]!.id},
      jsonb_build_object('assigneeId', assignee_id::text, 'teamId', team_id::text, 'previousAssigneeId', null, 'previousTeamId', null), first_assigned_at
    from conversations where workspace_id = ${ws.id} and first_assigned_at is not null
    union all
    select c.workspace_id, c.contact_id, c.id, 'closed', 'user', c.closed_by_id,
      jsonb_build_object('categoryId', c.closing_category_id::text, 'categoryName', k.name, 'summary', null), c.closed_at
    from conversations c left join closing_categories k on k.id = c.closing_category_id where c.workspace_id = ${ws.id} and c.status = 'closed'`);
  await run(`
    update contacts c set last_inbound_at = m.at from (
      select contact_id, max(created_at) at from messages where workspace_id = ${ws.id} and direction = 'in' group by contact_id
    ) m where m.contact_id = c.id`);
  const channelColumns = await rows<{ column_name: string }>(
    `select column_name from information_schema.columns where table_name = 'contact_channels' and column_name = 'last_inbound_at'`,
  );
  if (channelColumns.length > 0) {
    await run(`update contact_channels cc set last_inbound_at = c.last_inbound_at from contacts c where c.id = cc.contact_id and cc.channel_id = c.last_channel_id and c.workspace_id = ${ws.id}`);
  }
  for (const table of ['contacts', 'conversations', 'messages']) await run(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
  await run(`drop table bench_plan`);
  for (const table of BULK_TABLES) await run(`alter table ${table} enable trigger all`);
  const bulkSeconds = clock() - t;
  log(`  bulk rows written in ${bulkSeconds.toFixed(1)} s; building ${indexes.length} indexes…`);

  t = clock();
  for (const ix of indexes) await run(ix.indexdef);
  const indexSeconds = clock() - t;
  t = clock();
  for (const table of [...BULK_TABLES, 'users', 'teams', 'team_members', 'channels', 'tags']) await run(`vacuum analyze ${table}`);
  const analyzeSeconds = clock() - t;

  await checkRows(db, ws.id);
  const counts = (
    await rows<{ k: string; n: string }>(`
      select 'contacts' k, count(*) n from contacts where workspace_id = ${ws.id}
      union all select 'open', count(*) from contacts where workspace_id = ${ws.id} and conversation_status = 'open'
      union all select 'snoozed', count(*) from contacts where workspace_id = ${ws.id} and conversation_status = 'snoozed'
      union all select 'closed', count(*) from contacts where workspace_id = ${ws.id} and conversation_status = 'closed'
      union all select 'conversations', count(*) from conversations where workspace_id = ${ws.id}
      union all select 'messages', count(*) from messages where workspace_id = ${ws.id}
      union all select 'longest history', coalesce(max(n), 0) from (select count(*) n from messages where workspace_id = ${ws.id} group by contact_id) h
      union all select 'timeline events', count(*) from conversation_events where workspace_id = ${ws.id}
      union all select 'contact tags', count(*) from contact_tags where workspace_id = ${ws.id}
      union all select 'identities', count(*) from contact_channels where workspace_id = ${ws.id}`)
  ).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.k]: Number(r.n) }), {});
  return { workspace: ws, counts, seconds: { setup: setupSeconds, bulk: bulkSeconds, indexes: indexSeconds, analyze: analyzeSeconds } };
}

/** The generated rows must be what the product writes: search text and phone normalisation checked on a sample with its own code. */
async function checkRows(db: Db, workspaceId: number) {
  const sample = await db
    .select()
    .from(contacts)
    .where(sql`${contacts.workspaceId} = ${workspaceId} and ${contacts.id} % 997 = 0`)
    .limit(500);
  const problems: string[] = [];
  for (const c of sample) {
    const expected = contactSearchText(c);
    if (c.searchText !== expected) problems.push(`contact ${c.id}: search_text ${JSON.stringify(c.searchText)} ≠ ${JSON.stringify(expected)}`);
    if (c.phone) {
      const phone = normalisePhone(c.phone);
      if (phone?.e164 !== c.phone || phone.country !== c.country) problems.push(`contact ${c.id}: phone ${c.phone}/${c.country} normalises to ${JSON.stringify(phone)}`);
    }
  }
  const lastMessages = await db.execute(sql`
    select count(*)::int as bad from contacts c left join messages m on m.id = c.last_message_id
    where c.workspace_id = ${workspaceId} and c.last_message_id is not null and (m.contact_id is distinct from c.id or m.created_at <> c.last_message_at)`);
  const bad = (lastMessages as unknown as { rows: { bad: number }[] }).rows[0]!.bad;
  if (bad > 0) problems.push(`${bad} contacts whose last_message_id/last_message_at disagree with messages`);
  if (sample.length === 0) problems.push('no contacts sampled');
  if (problems.length > 0) throw new Error(`generated rows differ from what the product writes:\n${problems.slice(0, 20).join('\n')}`);
}
