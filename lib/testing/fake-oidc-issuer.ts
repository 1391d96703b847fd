import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";

// A deliberately broken OpenID Connect provider for tests: a correct discovery document, keys and
// authorization endpoint, and a token endpoint that returns the ID token a test asks for — signed
// correctly, for another audience, expired, unsigned (alg "none"), or signed with a key that
// isn't the provider's. Roster (through openid-client) must refuse all but the first.

export type IdTokenFlaw = "none" | "wrong-audience" | "expired" | "unsigned" | "wrong-key";

export interface FakeIssuer {
  issuer: string;
  /** The flaw the next ID tokens have. */
  flaw: IdTokenFlaw;
  close(): Promise<void>;
}

export async function startFakeIssuer(options: {
  clientId: string;
  claims: { sub: string; email: string; email_verified?: boolean };
}): Promise<FakeIssuer> {
  const key = await generateKeyPair("RS256");
  const otherKey = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(key.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const nonces = new Map<string, string>();
  const state: FakeIssuer = { issuer: "", flaw: "none", close: async () => undefined };

  async function idToken(nonce: string | undefined): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      email_verified: true,
      ...options.claims,
      nonce,
      iss: state.issuer,
      aud: state.flaw === "wrong-audience" ? "someone-else" : options.clientId,
      iat: state.flaw === "expired" ? now - 7200 : now,
      exp: state.flaw === "expired" ? now - 3600 : now + 600,
    };
    if (state.flaw === "unsigned") return new UnsecuredJWT(payload).encode();
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .sign(state.flaw === "wrong-key" ? otherKey.privateKey : key.privateKey);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", state.issuer);
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json({
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/authorize`,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
      });
    }
    if (url.pathname === "/jwks") return json({ keys: [jwk] });
    if (url.pathname === "/authorize") {
      const code = `code-${nonces.size + 1}`;
      nonces.set(code, url.searchParams.get("nonce") ?? "");
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const code = new URLSearchParams(body).get("code") ?? "";
        void idToken(nonces.get(code)).then((id_token) =>
          json({ access_token: "access", token_type: "Bearer", expires_in: 600, id_token }),
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
