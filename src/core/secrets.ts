import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A secret from the environment or, for the embedded default, one generated once into
 * `dataDir/<file>` (mode 0600) so that it survives restarts. Production sets the variable.
 */
export function loadSecret(explicit: string | null, dataDir: string, file: string): Uint8Array {
  if (explicit) return new TextEncoder().encode(explicit);
  const full = path.join(dataDir, file);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(full)) {
    try {
      fs.writeFileSync(full, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return new TextEncoder().encode(fs.readFileSync(full, 'utf8').trim());
}
