// `node e2e/support/serve.mjs sso <port> --seed --setup e2e/support/sso-setup.ts`: gives the demo
// organization (Acme Inc.) an enabled, enforced SSO connection for acme.example, to the local
// identity provider e2e/sso.spec.ts started (E2E_SSO_ISSUER), written straight to the database
// as the owner's settings would save it (lib/testing/sso.ts); and Globex Ltd. one to a broken
// provider (E2E_SSO_BAD_ISSUER).
import { closeDb, getDb } from "../../lib/db/client";
import { configureTestSso } from "../../lib/testing/sso";

async function main() {
  const issuer = process.env.E2E_SSO_ISSUER;
  if (!issuer) throw new Error("E2E_SSO_ISSUER is not set");
  const db = await getDb();
  const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const backend = await db.workspace.findFirst({
    where: { organizationId: acme.id, name: "Backend" },
    select: { id: true },
  });
  await configureTestSso(db, acme.id, {
    issuer,
    domains: ["acme.example"],
    enabled: true,
    enforced: process.env.E2E_SSO_ENFORCED !== "false",
    defaultWorkspaceId: backend?.id ?? null,
  });
  // Globex Ltd.: globex.example through a deliberately broken provider (E2E_SSO_BAD_ISSUER,
  // lib/testing/fake-oidc-issuer.ts), whose ID tokens the spec makes wrong one way at a time.
  const bad = process.env.E2E_SSO_BAD_ISSUER;
  if (bad) {
    const globex = await db.organization.findUniqueOrThrow({ where: { slug: "globex" } });
    await configureTestSso(db, globex.id, {
      issuer: bad,
      domains: ["globex.example"],
      enabled: true,
      enforced: false,
    });
  }
}

main()
  // Flushes the embedded database to its folder and releases its lock for the server.
  .then(() => closeDb())
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
