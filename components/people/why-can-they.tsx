"use client";

import Form from "next/form";
import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { WhyCanThey } from "@/lib/people";

const ORGANIZATION = "";

/**
 * "Why can they?": a workspace and an action, asked through the URL (why_ws, why_action) so the
 * server answers. Changing either asks at once (next/form: a client-side navigation); without
 * JavaScript, Ask submits the same GET form. The answer sits in a live region, read out when it
 * changes.
 */
export function WhyCanTheyForm({
  userId,
  name,
  why,
}: {
  userId: string;
  name: string;
  why: WhyCanThey;
}) {
  const form = useRef<HTMLFormElement>(null);
  const id = useId();
  const ask = () => form.current?.requestSubmit();
  const field = "flex flex-col gap-1.5";
  return (
    <div className="flex flex-col gap-4">
      <Form
        ref={form}
        action={`/users/${userId}`}
        replace
        scroll={false}
        aria-label={`Why can ${name}?`}
        className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <div className={field}>
          <Label htmlFor={`${id}-ws`}>Workspace</Label>
          <Select
            id={`${id}-ws`}
            name="why_ws"
            defaultValue={why.workspaceId ?? ORGANIZATION}
            key={`ws-${why.workspaceId ?? ORGANIZATION}`}
            onChange={ask}
          >
            <option value={ORGANIZATION}>The organization</option>
            {why.workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.path}
              </option>
            ))}
          </Select>
        </div>
        <div className={field}>
          <Label htmlFor={`${id}-action`}>Action</Label>
          <Select
            id={`${id}-action`}
            name="why_action"
            defaultValue={why.action}
            key={`action-${why.action}`}
            onChange={ask}
          >
            {why.actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="outline">
          Ask
        </Button>
      </Form>
      <div
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="rounded-md border border-border bg-muted/40 p-3 text-sm"
      >
        <p>
          <span className="font-semibold">{why.answer.allowed ? "Yes" : "No"}</span> —{" "}
          {why.answer.text}.
        </p>
        {why.answer.organizationLevel && why.workspaceId !== null ? (
          <p className="mt-1 text-muted-foreground">
            This is decided for the whole organization: the workspace doesn&apos;t change the
            answer.
          </p>
        ) : null}
      </div>
    </div>
  );
}
