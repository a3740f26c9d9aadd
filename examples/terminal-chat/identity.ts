// The device identity in the data folder: a passphrase-protected keystore file, created on the
// first start (passphrase asked twice) and opened on every later one (three tries).

import { join } from 'node:path';
import { createKeystore, FileSlot, openKeystore, StoreError, type Keystore } from '../../ts/store/files.js';

export const KEYSTORE_FILE = 'identity.keystore';

export interface PassphraseSource {
  given?: string; // SMMP_PASSPHRASE: used as it is, no questions
  ask?: (prompt: string) => Promise<string>; // a terminal to ask on, if there is one
  say: (text: string) => void;
}

export async function unlockIdentity(dataDir: string, src: PassphraseSource): Promise<Keystore> {
  const slot = new FileSlot(join(dataDir, KEYSTORE_FILE));
  const ask = src.ask;
  if ((await slot.read()) === undefined) {
    let pass = src.given;
    if (pass === undefined) {
      if (ask === undefined) throw new Error('no terminal to ask for a passphrase: set SMMP_PASSPHRASE');
      src.say(`A new identity for this device, kept in ${slot.location}.`);
      for (;;) {
        const first = await ask('choose a passphrase: ');
        if (first.length < 8) {
          src.say('at least 8 characters, please');
          continue;
        }
        if ((await ask('the same again: ')) === first) {
          pass = first;
          break;
        }
        src.say('they differ; again');
      }
    }
    src.say('deriving the keystore key (scrypt)...');
    return createKeystore(slot, pass);
  }
  if (src.given !== undefined) return openKeystore(slot, src.given);
  if (ask === undefined) throw new Error('no terminal to ask for the passphrase: set SMMP_PASSPHRASE');
  for (let tries = 1; ; tries++) {
    const pass = await ask(`passphrase for ${slot.location}: `);
    try {
      return await openKeystore(slot, pass);
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== 'WRONG_PASSPHRASE' || tries === 3) throw e;
      src.say('wrong passphrase; again');
    }
  }
}
