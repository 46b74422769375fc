import type { Namespace, Socket } from 'socket.io';
import type { ChannelRow } from '../channels/types.js';
import type { WebchatConfig } from '../channels/webchat/webchat.adapter.js';
import { originAllowed } from '../channels/webchat/origin.js';
import type { Visitor } from '../channels/webchat/visitor-token.js';
import type { Context } from '../context.js';
import { presentVisitorMessage, type VisitorMessage } from '../domain/widget/widget.presenter.js';
import { contactIdByIdentity, findVisitorMessage } from '../domain/widget/widget.repo.js';
import { visitorOf, widgetChannel } from '../domain/widget/widget.service.js';
import { AppError } from '../http/errors.js';
import type { StoredEvent } from '../events/types.js';
import { refusal, type FeedListener, type Rooms } from './realtime.js';

type VisitorEvents = { ready: () => void; message: (message: VisitorMessage) => void };
type VisitorData = { channel: ChannelRow; visitor: Visitor };
type VisitorSocket = Socket<Record<string, never>, VisitorEvents, Record<string, never>, VisitorData>;

/**
 * The web chat visitor's websocket: namespace `/widget` on the same socket.io server, `auth: { key, token }` (the
 * channel public key and the visitor token), from a page of an allowed domain. It hears the workspace's ordered feed
 * and passes on only the messages of this visitor's own conversation on this channel, re-read and presented for the
 * visitor (`message`): no other contact's data and no internal event reach it.
 *
 * Resume: `ready` says the socket is listening; the widget then reads what it lacks from its history (`GET
 * /widget/v1/{key}/messages?after=<newest id it has>`) and merges by message id, so a reconnect leaves no gap and
 * shows nothing twice. (Replaying the workspace outbox instead would read every other contact's events.)
 */
export function attachVisitorSockets(namespace: Namespace, ctx: Context, rooms: Rooms) {
  namespace.use((socket, next) => {
    handshake(ctx, socket).then(
      (data) => {
        socket.data = data;
        next();
      },
      (err: Error) => next(err),
    );
  });

  namespace.on('connection', (raw) => {
    const socket = raw as VisitorSocket;
    const { channel } = socket.data;
    const listener = new VisitorListener(ctx, socket);
    // Joined before anything is awaited, so every event from here on reaches the listener.
    const room = rooms.join(channel.workspaceId);
    room.subscribers.add(listener);
    socket.on('disconnect', () => {
      listener.close();
      rooms.leave(channel.workspaceId, listener);
    });
    listener.start();
  });
}

async function handshake(ctx: Context, socket: Socket): Promise<VisitorData> {
  const language = socket.handshake.headers['accept-language'];
  const auth = socket.handshake.auth as { key?: unknown; token?: unknown };
  try {
    const channel = await widgetChannel(ctx, String(auth.key ?? ''));
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !originAllowed((channel.config as WebchatConfig).allowedDomains, origin)) throw new AppError('origin_not_allowed');
    return { channel, visitor: visitorOf(channel, typeof auth.token === 'string' ? auth.token : undefined) };
  } catch (err) {
    if (err instanceof AppError) throw refusal(err.code, language);
    ctx.log.error({ err }, 'realtime: a visitor handshake failed');
    throw refusal('internal_error', language);
  }
}

/** One visitor socket's filter on the workspace feed; events are handled one at a time, in feed order. */
class VisitorListener implements FeedListener {
  /** The visitor's contact: none until their first message, which tells it. */
  private contactId: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly ctx: Context,
    private readonly socket: VisitorSocket,
  ) {}

  /** Looks the contact up after joining the feed, so a contact created meanwhile is learnt from its first message. */
  start() {
    const { channel, visitor } = this.socket.data;
    this.run(async () => {
      const id = await contactIdByIdentity(this.ctx.db, channel.id, visitor.externalId);
      this.contactId ??= id === undefined ? undefined : String(id);
      this.socket.emit('ready');
    });
  }

  enqueue(event: StoredEvent) {
    if (event.type !== 'message.created' && event.type !== 'message.updated') return;
    this.run(async () => {
      const message = event.payload.message as { id: string; contactId: string; channelId: string | null; direction: string; externalId: string | null };
      if (!this.concerns(event, message)) return;
      const row = await findVisitorMessage(this.ctx.db, Number(message.id));
      if (row && !this.closed) this.socket.emit('message', presentVisitorMessage(this.socket.data.channel, this.socket.data.visitor, row));
    });
  }

  close() {
    this.closed = true;
  }

  private concerns(event: StoredEvent, message: { contactId: string; channelId: string | null; direction: string; externalId: string | null }) {
    const { channel, visitor } = this.socket.data;
    if (event.workspaceId !== channel.workspaceId || message.channelId !== String(channel.id)) return false;
    // The visitor's first message names them: its external id is `<visitor id> <client id>` (visitor ids hold no space).
    if (this.contactId === undefined && message.direction === 'in' && message.externalId?.startsWith(`${visitor.externalId} `)) {
      this.contactId = message.contactId;
    }
    return message.contactId === this.contactId;
  }

  private run(step: () => Promise<void>) {
    this.chain = this.chain
      .then(() => (this.closed ? undefined : step()))
      .catch((err: unknown) => {
        // The widget resumes from its history on reconnect, so dropping the socket loses nothing.
        this.ctx.log.error({ err }, 'realtime: delivery to a visitor socket failed');
        this.close();
        this.socket.disconnect(true);
      });
  }
}
