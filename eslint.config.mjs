import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Where code may import from (docs/architecture.md): routes compose features; a feature's server
// side lives in lib/<feature> and its UI in components/<feature>; features reach each other only
// through lib/<feature>/index.ts; the shared core (the rest of lib/, components/ui, shell, brand)
// never depends on a feature; and nothing imports a route.
const FEATURES = ["account", "invitations", "organization", "people", "roles", "sso", "workspaces"];

const NO_ROUTES = {
  group: ["@/app", "@/app/*"],
  message: "Nothing imports a route: put what you need in lib/<feature> or components/<feature>.",
};

const viaIndex = (feature, { actions = false } = {}) => ({
  group: [
    `@/lib/${feature}/*`,
    ...(actions ? [`!@/lib/${feature}/actions`, `!@/lib/${feature}/*-actions`] : []),
  ],
  message: `Another feature (or a route) uses ${feature} only through its index: import from "@/lib/${feature}".`,
});

const notTheirComponents = (feature) => ({
  group: [`@/components/${feature}`, `@/components/${feature}/*`],
  message: `A feature's components don't use another feature's: compose them in the route instead.`,
});

const noFeature = (feature) => ({
  group: [`@/lib/${feature}`, `@/lib/${feature}/*`, `@/components/${feature}/*`],
  message: "The shared core never depends on a feature.",
});

const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export const boundaries = [
  // Routes: thin pages that compose features, by the features' indexes.
  {
    files: ["app/**"],
    rules: restrict([
      NO_ROUTES,
      ...FEATURES.map(viaIndex),
      {
        group: ["./*", "../*", "!./*.css"],
        message: "Routes import from @/components and @/lib only.",
      },
    ]),
  },
  // Each feature: its own files freely, other features through their index only.
  ...FEATURES.map((feature) => {
    const others = FEATURES.filter((f) => f !== feature);
    return {
      files: [`lib/${feature}/**`, `components/${feature}/**`],
      rules: restrict([
        NO_ROUTES,
        ...others.map(viaIndex),
        ...others.map(notTheirComponents),
        { group: ["../*"], message: "Leave the feature through an @/ import, not ../" },
      ]),
    };
  }),
  // A feature's integration tests may also call another feature's actions (e.g. to race them
  // against their own); indexes never export actions, so this is the one way to reach them.
  ...FEATURES.map((feature) => {
    const others = FEATURES.filter((f) => f !== feature);
    return {
      files: [`lib/${feature}/**/*.integration.test.ts`],
      rules: restrict([
        NO_ROUTES,
        ...others.map((other) => viaIndex(other, { actions: true })),
        ...others.map(notTheirComponents),
        { group: ["../*"], message: "Leave the feature through an @/ import, not ../" },
      ]),
    };
  }),
  // Stress tests drive every feature's server actions from outside, as a browser would; nothing
  // imports them.
  { files: ["lib/stress/**/*.test.ts"], rules: restrict([NO_ROUTES]) },
  // The shared core: the rest of lib/, and the UI primitives, shell and brand.
  {
    files: ["lib/**", "components/ui/**", "components/shell/**", "components/brand/**"],
    ignores: [...FEATURES.flatMap((f) => [`lib/${f}/**`]), "lib/stress/**/*.test.ts"],
    rules: restrict([NO_ROUTES, ...FEATURES.map(noFeature)]),
  },
  // Stress tests race several features' actions against each other: like a feature's integration
  // tests, they reach the actions directly and everything else through the indexes.
  {
    files: ["lib/stress/**/*.integration.test.ts"],
    rules: restrict([
      NO_ROUTES,
      ...FEATURES.map((feature) => viaIndex(feature, { actions: true })),
      ...FEATURES.map(notTheirComponents),
    ]),
  },
  { files: ["scripts/**", "prisma/**", "e2e/**"], rules: restrict([NO_ROUTES]) },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/db/generated/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
      ".e2e/**",
      "data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      // An async handler is what react-hook-form's handleSubmit and Radix's callbacks take.
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      // An async function without await is how an interface that returns a Promise is met.
      "@typescript-eslint/require-await": "off",
      "no-console": ["error", { allow: ["info", "warn", "error"] }],
    },
  },
  ...boundaries,
  {
    // The server's code logs through lib/log.ts (JSON lines).
    files: ["lib/**", "app/**", "proxy.ts", "instrumentation.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["scripts/**", "prisma/**", "e2e/**", "**/*.test.ts", "server.mjs"],
    rules: { "no-console": "off" },
  },
  {
    // Tests compare with vitest's asymmetric matchers (expect.any(…)), which are typed `any`.
    files: ["**/*.test.ts", "lib/testing/**", "lib/**/integration-world.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
  {
    files: ["**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        performance: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
  },
);
