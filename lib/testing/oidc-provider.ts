import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from "oidc-provider";

// A real OpenID Connect provider for tests: oidc-provider (the certified Node implementation) on a
// loopback port, with test users. Its development login form takes the user's login (pre-filled
// from login_hint when Roster sends the email as the hint) and any password; consent is granted without a page, as a company's
// provider does for an application its administrator registered.

export interface TestIdentity {
  /** The login the provider's form takes, and the subject (`sub`) of its tokens. */
  login: string;
  email: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** Every redirect URI the client may use (Roster's /api/sso/callback on each test server). */
  redirectUris: string[];
}

export interface TestProvider {
  /** e.g. http://127.0.0.1:4555 — the issuer identifier and base of every endpoint. */
  issuer: string;
  /** Adds or replaces a user, found by their login. */
  addUser(user: TestIdentity): void;
  close(): Promise<void>;
}

export async function startTestProvider(options: {
  port?: number;
  clients: TestClient[];
  users?: TestIdentity[];
  /** false: the email and profile claims only in the userinfo response. Default true. */
  claimsInIdToken?: boolean;
  /** The ID token's lifetime (default 600 s). */
  idTokenSeconds?: number;
}): Promise<TestProvider> {
  const users = new Map<string, TestIdentity>();
  const add = (user: TestIdentity) => {
    users.set(user.login, user);
  };
  for (const user of options.users ?? []) add(user);

  // The issuer must be known before the provider exists: bind a server first, then attach.
  const { createServer } = await import("node:http");
  let handler: ReturnType<Provider["callback"]> | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) void handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const clients: ClientMetadata[] = options.clients.map((c) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: c.redirectUris,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }));

  const provider = new Provider(issuer, {
    clients,
    pkce: { required: () => true },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["given_name", "family_name", "name"],
    },
    scopes: ["openid", "email", "profile"],
    // The requested scopes' claims go in the ID token too (as most company providers do), not only
    // in the userinfo response.
    conformIdTokenClaims: !(options.claimsInIdToken ?? true),
    features: { devInteractions: { enabled: true } },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: options.idTokenSeconds ?? 600,
      AuthorizationCode: 60,
    },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: user.login,
        async claims() {
          const name = [user.given_name, user.family_name].filter(Boolean).join(" ");
          return {
            sub: user.login,
            email: user.email,
            email_verified: user.email_verified ?? true,
            ...(user.given_name ? { given_name: user.given_name } : {}),
            ...(user.family_name ? { family_name: user.family_name } : {}),
            ...(name ? { name } : {}),
          };
        },
      };
    },
    // No consent page: every client here is one the organization's administrator registered.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "given_name", "family_name", "name"]);
      await grant.save();
      return grant;
    },
  });
  // Unknown logins are refused by the dev form (findAccount answers undefined).
  provider.on("server_error", (_ctx: unknown, error: Error) => {
    console.error("test identity provider:", error);
  });
  handler = provider.callback();

  return {
    issuer,
    addUser: add,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
