/** SHA-256 of a UTF-8 string, lowercase hex. */
export type Sha256Hex = (text: string) => string;

/** SHA-256 over bytes fed in pieces (a recording read as a stream); `hex()` once, at the end. */
export interface Sha256Stream {
  update(bytes: Uint8Array): void;
  hex(): string;
}
export type NewSha256Stream = () => Sha256Stream;

/** Checks checkpoint signatures against one installation's Ed25519 public key (what a witness holds). */
export interface CheckpointVerifier {
  /** Fingerprint of the public key, e.g. `ed25519:SHA256:…`. */
  readonly keyId: string;
  verify(payload: string, signatureBase64: string): boolean;
}

/** Signs and checks logbook checkpoints (Ed25519; the private key never leaves the adapter). */
export interface CheckpointSigner extends CheckpointVerifier {
  sign(payload: string): string;
  /** The public key (SPKI PEM), for the witnesses that check this installation's checkpoints. */
  readonly publicKeyPem: string;
}

/** One-way password hashing with its parameters recorded in the hash string. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

/** Authenticated encryption of small secrets at rest (TOTP seeds, gateway credentials). */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the ciphertext was altered or sealed with another key. */
  open(sealed: string): string;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) over base32 secrets. */
export interface Totp {
  newSecret(): string;
  /**
   * The time step whose code this is (the current step or one either side, for clock drift),
   * or null. Callers refuse a step at or before the last one used (RFC 6238 §5.2: no replay).
   */
  verify(secret: string, code: string, at: Date): number | null;
  code(secret: string, at: Date): string;
}

/** Unguessable random strings (base64url). */
export type RandomToken = (bytes: number) => string;

/** Makes SSH key pairs for the gateway's logins to targets. */
export interface SshKeyGenerator {
  /** A new ed25519 key pair: private key in OpenSSH format, public key as an authorized_keys line. */
  ed25519(comment: string): { privateKey: string; publicKey: string };
}

/** Reads a private key an operator supplies for the gateway's login to a target. */
export interface SshKeyInspector {
  /**
   * The public key (authorized_keys line: type, base64, comment) of an unencrypted private key.
   * Throws a DomainError `invalid` when the text is not a private key, or is passphrase-protected
   * (the gateway logs in unattended).
   */
  publicKeyOf(privateKey: string): string;
}

/**
 * Reads an Ed25519 public key (SPKI PEM) into a verifier, for checks made where no installation
 * is (`jaga verify-bundle`); undefined when the text is not such a key.
 */
export type PublicKeyReader = (pem: string) => CheckpointVerifier | undefined;
