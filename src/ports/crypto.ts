/** SHA-256 of a UTF-8 string, lowercase hex. */
export type Sha256Hex = (text: string) => string;

/** Signs and checks logbook checkpoints (Ed25519; the private key never leaves the adapter). */
export interface CheckpointSigner {
  /** Fingerprint of the public key, e.g. `ed25519:SHA256:…`. */
  readonly keyId: string;
  sign(payload: string): string;
  verify(payload: string, signatureBase64: string): boolean;
}

/** One-way password hashing with its parameters recorded in the hash string. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}
