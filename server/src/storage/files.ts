import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where message files live: a folder under the data directory, addressed by opaque keys. One home for file access so
 * an object store can replace the local disk without touching callers (several web nodes need a shared one).
 */
export type FileStore = {
  put(workspaceId: number, bytes: Buffer): Promise<{ key: string; size: number }>;
  /** The stored bytes, or undefined if the key names nothing. */
  open(key: string): Promise<{ stream: Readable; size: number } | undefined>;
};

const KEY = /^media\/\d{1,15}\/[0-9a-f-]{36}$/;

export function localFileStore(dataDir: string): FileStore {
  const root = path.join(dataDir, 'files');
  return {
    async put(workspaceId, bytes) {
      const key = `media/${workspaceId}/${randomUUID()}`;
      const file = path.join(root, key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes, { flag: 'wx' });
      return { key, size: bytes.length };
    },
    async open(key) {
      // Keys come from our own rows, but are checked anyway so none can name a path outside the folder.
      if (!KEY.test(key)) return undefined;
      const file = path.join(root, key);
      const info = await stat(file).catch(() => undefined);
      return info ? { stream: createReadStream(file), size: info.size } : undefined;
    },
  };
}
