import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

type Encoded = ReturnType<Encoder['encode']>;

/**
 * socket.io's own parser, except that an event whose argument is a frozen object is encoded once for every socket it
 * is sent to. Each socket has its own delivery loop (seq order, replay, visibility), so socket.io's broadcast, which
 * encodes once, cannot be used; without this, one event shown to 500 agents was stringified 500 times (a fifth of
 * the server's time in bench B3, and 500 copies of it held in memory while sockets drain). Frozen, because an object
 * changed after it was sent would otherwise go out as it was the first time.
 */
class SharedEncoder extends Encoder {
  private readonly encoded = new WeakMap<object, Map<string, Encoded>>();

  override encode(packet: Packet): Encoded {
    // Other packets' data is not an array (a CONNECT carries an object).
    if (packet.type !== PacketType.EVENT || packet.id !== undefined || !Array.isArray(packet.data)) return super.encode(packet);
    const [name, body, ...more] = packet.data as unknown[];
    if (typeof name !== 'string' || more.length > 0 || typeof body !== 'object' || body === null || !Object.isFrozen(body)) return super.encode(packet);
    const key = `${packet.nsp} ${name}`;
    let byKey = this.encoded.get(body);
    if (!byKey) this.encoded.set(body, (byKey = new Map()));
    let encoded = byKey.get(key);
    if (!encoded) byKey.set(key, (encoded = super.encode(packet)));
    return encoded;
  }
}

/** The `parser` option of the socket.io server. */
export const sharedEncodingParser = { Encoder: SharedEncoder, Decoder };
