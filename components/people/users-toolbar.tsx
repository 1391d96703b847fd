"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { fetchJson } from "@/components/ui/fetch-json";
import { Form } from "@/components/ui/form";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Select } from "@/components/ui/select";

interface Option {
  value: string;
  label: string;
  /** Shown under this heading (an `<optgroup>`), after the options without one. */
  group?: string;
}

/** A workspace role to filter by: a built-in one, or one of the organization's custom roles. */
export interface WorkspaceRoleOption {
  key: string;
  label: string;
  custom: boolean;
}

interface WorkspaceOption {
  id: string;
  path: string;
}

/** The workspace filter: where to load its workspaces from, and the one chosen now, if any. */
export interface WorkspaceFilter {
  url: string;
  chosen: WorkspaceOption | null;
}

/**
 * Search and filters for the Users list. Everything lives in the URL, so a filtered view can be
 * shared and the back button works; the server does the filtering. "Workspace role" lists the
 * built-in roles and the organization's custom roles: people holding it explicitly somewhere (in
 * the chosen workspace, with the workspace filter).
 */
export function UsersToolbar({
  workspaceFilter,
  workspaceRoles,
}: {
  workspaceFilter: WorkspaceFilter | null;
  workspaceRoles: WorkspaceRoleOption[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.get("q") ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  function navigate(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete("page");
    const query = next.toString();
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname));
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  function onSearch(value: string) {
    setQ(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => navigate({ q: value.trim() || null }), 350);
  }

  const filtered = ["q", "role", "status", "workspace", "workspaceRole"].some((key) =>
    params.get(key),
  );
  const chosenRole = params.get("workspaceRole") ?? "";
  const roleOptions: Option[] = workspaceRoles.map((r) => ({
    value: r.key,
    label: r.label,
    ...(r.custom ? { group: "Custom roles" } : {}),
  }));
  // A link to a role deleted since (or never this organization's) lists nobody: say why.
  if (chosenRole && !roleOptions.some((o) => o.value === chosenRole)) {
    roleOptions.push({ value: chosenRole, label: "A role that no longer exists" });
  }
  // The workspaces, a list that can be long, are loaded when the filter is about to be used
  // (hovered or focused); until then it holds the chosen one.
  const [workspaces, setWorkspaces] = useState<WorkspaceOption[] | null>(null);
  const loadingWorkspaces = useRef(false);
  function loadWorkspaces() {
    if (!workspaceFilter || loadingWorkspaces.current) return;
    loadingWorkspaces.current = true;
    fetchJson<WorkspaceOption[]>(workspaceFilter.url).then(setWorkspaces, (error: unknown) => {
      loadingWorkspaces.current = false;
      console.error("[users] could not load the workspaces to filter by", error);
    });
  }
  const chosen = workspaceFilter?.chosen;
  const workspaceOptions = (workspaces ?? (chosen ? [chosen] : [])).map((w) => ({
    value: w.id,
    label: w.path,
  }));

  return (
    <Form
      role="search"
      aria-label="Filter users"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        clearTimeout(timer.current);
        navigate({ q: q.trim() || null });
      }}
    >
      <div className="flex min-w-56 flex-1 flex-col gap-1.5">
        <label htmlFor="users-search" className="text-sm font-medium">
          Search
        </label>
        <div className="relative">
          <Icon
            name="search"
            className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-muted-foreground"
          />
          <Input
            id="users-search"
            type="search"
            placeholder="Name or email"
            value={q}
            onChange={(event) => onSearch(event.target.value)}
            className="pl-8"
          />
        </div>
      </div>
      <Filter
        label="Role"
        name="role"
        value={params.get("role") ?? ""}
        onChange={navigate}
        options={[
          { value: "", label: "All roles" },
          { value: "owner", label: "Owner" },
          { value: "admin", label: "Admin" },
          { value: "member", label: "Member" },
        ]}
      />
      <Filter
        label="Status"
        name="status"
        value={params.get("status") ?? ""}
        onChange={navigate}
        options={[
          { value: "", label: "All statuses" },
          { value: "active", label: "Active" },
          { value: "pending", label: "Pending" },
          { value: "expired", label: "Expired" },
          { value: "disabled", label: "Disabled" },
          { value: "suspended", label: "Suspended" },
        ]}
      />
      {workspaceFilter ? (
        <Filter
          label="Workspace"
          name="workspace"
          value={params.get("workspace") ?? ""}
          onChange={navigate}
          onIntent={loadWorkspaces}
          options={[{ value: "", label: "All workspaces" }, ...workspaceOptions]}
        />
      ) : null}
      {workspaceFilter ? (
        <Filter
          label="Workspace role"
          name="workspaceRole"
          value={chosenRole}
          onChange={navigate}
          options={[{ value: "", label: "All workspace roles" }, ...roleOptions]}
        />
      ) : null}
      {filtered ? (
        <button
          type="button"
          className={buttonClasses({ variant: "ghost" })}
          onClick={() => {
            setQ("");
            navigate({ q: null, role: null, status: null, workspace: null, workspaceRole: null });
          }}
        >
          <Icon name="x" /> Clear filters
        </button>
      ) : null}
      <span className="flex h-9 items-center" aria-live="polite">
        {pending ? <Spinner size="sm" label="Updating the list" /> : null}
      </span>
    </Form>
  );
}

function Filter({
  label,
  name,
  value,
  options,
  onChange,
  onIntent,
}: {
  label: string;
  name: string;
  value: string;
  options: Option[];
  onChange: (changes: Record<string, string | null>) => void;
  /** The pointer or the focus reached the filter: it is about to be used. */
  onIntent?: () => void;
}) {
  const id = `users-filter-${name}`;
  const groups = [...new Set(options.flatMap((o) => (o.group ? [o.group] : [])))];
  const optionOf = (option: Option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  );
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <Select
        id={id}
        className="w-auto"
        value={value}
        onChange={(event) => onChange({ [name]: event.target.value || null })}
        onPointerEnter={onIntent}
        onFocus={onIntent}
      >
        {options.filter((o) => !o.group).map(optionOf)}
        {groups.map((group) => (
          <optgroup key={group} label={group}>
            {options.filter((o) => o.group === group).map(optionOf)}
          </optgroup>
        ))}
      </Select>
    </div>
  );
}
