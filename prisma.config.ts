import { defineConfig } from "prisma/config";

// Used by `prisma generate` only. Migrations are created and applied by the project's own
// scripts (scripts/db/*), which drive Prisma's schema engine compiled to WebAssembly: the CLI's
// migrate commands download a native engine, which this project does not rely on.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
