/** `npm run server:keygen`: a new Ed25519 key pair, in the forms the server and the mini-program take. */
import { generateSigningKeyPem } from './crypto/keys'

const { privatePem, publicKeyBase64url } = generateSigningKeyPem()
const oneLine = privatePem.trim().replace(/\n/g, '\\n')
process.stdout.write(
  [
    '# Ed25519 key pair for the live-rooms server. Keep the private key secret; every instance uses the same one.',
    '',
    '# 1) Server: SERVER_SIGNING_KEY, a PKCS#8 PEM (real newlines, or \\n escapes on one line):',
    privatePem.trim(),
    '',
    `SERVER_SIGNING_KEY="${oneLine}"`,
    '',
    '# 2) Mini-program: miniprogram/config.ts → backend.publicKey: the raw 32-byte Ed25519 public key, base64url (43 characters):',
    publicKeyBase64url,
    '',
  ].join('\n'),
)
