import { createMessage, encrypt, readKey, type PublicKey } from 'openpgp';

/** Reads armored OpenPGP public keys; throws with the key's name when one does not parse or cannot encrypt. */
export async function readRecipients(keys: readonly { name: string; armored: string }[]): Promise<PublicKey[]> {
  const out: PublicKey[] = [];
  for (const k of keys) {
    let key;
    try {
      key = await readKey({ armoredKey: k.armored });
    } catch (error) {
      throw new Error(`recipient key ${k.name} is not an OpenPGP public key: ${(error as Error).message}`);
    }
    if (key.isPrivate()) throw new Error(`recipient key ${k.name} is a private key; give its public key`);
    try {
      await key.getEncryptionKey();
    } catch (error) {
      throw new Error(`recipient key ${k.name} cannot encrypt: ${(error as Error).message}`);
    }
    out.push(key);
  }
  return out;
}

/**
 * Encrypts a byte stream to every recipient (one session key, one key packet each), streaming: openpgp.js
 * takes and returns Web Streams and holds only its current chunk.
 */
export async function encryptStream(input: ReadableStream<Uint8Array>, recipients: PublicKey[]): Promise<ReadableStream<Uint8Array>> {
  const message = await createMessage({ binary: input });
  return (await encrypt({ message, encryptionKeys: recipients, format: 'binary' })) as unknown as ReadableStream<Uint8Array>;
}
