/**
 * Tool call ids. OpenAI style is `call_` + 24 alphanumerics; Mistral's templates accept only
 * 9 alphanumerics (`[a-zA-Z0-9]{9}`, enforced by `raise_exception` in their chat templates).
 * Inject `generateId` (see `ParseOptions`) for deterministic ids in tests.
 */
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `n` random alphanumerics from the platform's CSPRNG (Web Crypto: Node, browsers, Deno, Bun). */
export function randomAlnum(n: number): string {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM[bytes[i] % ALNUM.length];
  return s;
}

const mistralId = () => randomAlnum(9);
const openaiId = () => `call_${randomAlnum(24)}`;

/** The default id generator of a format's id style (one function per style, shared). */
export function idGenerator(style: "openai" | "mistral" = "openai"): (index: number) => string {
  return style === "mistral" ? mistralId : openaiId;
}
