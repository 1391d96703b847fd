import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/request/edge";

const nextConfig: NextConfig = {
  // PGlite loads its .wasm and data files relative to its own module: it must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
