"use client";

import { Copy, Download } from "lucide-react";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

const FILE_NAME = "roster-recovery-codes.txt";

function asText(codes: string[], email: string): string {
  return [
    `Roster recovery codes for ${email}`,
    "Each code signs you in once, instead of a code from your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/**
 * The recovery codes, shown once (after set-up, or after making new ones): copy them, download
 * them as a .txt file, then Done. Focus moves to the heading, so a screen reader starts here.
 */
export function RecoveryCodes({
  codes,
  email,
  doneLabel = "Done",
  onDone,
}: {
  codes: string[];
  email: string;
  doneLabel?: string;
  onDone: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      toast.success("Recovery codes copied");
    } catch {
      toast.error("Couldn't copy them. Select the codes and copy them, or download them instead.");
    }
  }

  function download() {
    const url = URL.createObjectURL(
      new Blob([asText(codes, email)], { type: "text/plain;charset=utf-8" }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  return (
    <section aria-labelledby="recovery-codes-title" className="flex flex-col gap-4">
      <h3
        id="recovery-codes-title"
        ref={heading}
        tabIndex={-1}
        className="text-sm font-semibold outline-hidden"
      >
        Your recovery codes
      </h3>
      <Alert variant="warning" title="Save these now; they won't be shown again.">
        If you lose your phone, each code signs you in once instead of a code from your app. Keep
        them somewhere safe, such as a password manager.
      </Alert>
      <ol
        aria-label="Recovery codes"
        className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1.5 rounded-lg border border-border bg-muted/40 px-4 py-3 font-mono text-sm"
      >
        {codes.map((code) => (
          <li key={code} className="select-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" onClick={() => void copy()}>
          <Copy aria-hidden="true" />
          Copy
        </Button>
        <Button type="button" variant="outline" onClick={download}>
          <Download aria-hidden="true" />
          Download .txt
        </Button>
        <Button type="button" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </section>
  );
}
