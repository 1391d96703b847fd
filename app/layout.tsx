import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toaster";
import { getCaller } from "@/lib/auth/caller";
import "./globals.css";

// Every page reads the database: render on request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Roster", template: "%s · Roster" },
  description: "Manage your organization's people, workspaces and roles.",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "any" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

/**
 * The theme is rendered on the server from the person's preference: no flash, no script. When the
 * caller can't be read (the database is unreachable), "system": the page below, which needs the
 * caller too, fails and shows its error page (app/error.tsx) inside this layout.
 */
async function themeOf(): Promise<"light" | "dark" | "system"> {
  try {
    return (await getCaller())?.user.themePreference ?? "system";
  } catch {
    return "system";
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = await themeOf();
  return (
    <html lang="en" className={theme} suppressHydrationWarning>
      <body>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:shadow-md"
        >
          Skip to content
        </a>
        {children}
        <Toaster />
      </body>
    </html>
  );
}
