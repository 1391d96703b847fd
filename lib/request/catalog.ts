import "server-only";
import { perRequest } from "./cache";

/*
 * What every page reads of an organization — its workspaces with their member and join request
 * counts, its custom roles — changes far less often than it is read. The database moves
 * Organization.catalogVersion on in every transaction that changes any of it (triggers: migration
 * 20261204141706_organization_catalog_version), and the caller's query reads that number with the
 * membership (lib/auth/caller.ts), which notes it here for the request. A loader wrapped in
 * `byCatalogVersion` then answers from what this process last read for that organization when it
 * was read at the same version, and reads the database again when the number has moved.
 *
 * A loader reads the version with the data, in one statement (one snapshot), and what it read is
 * remembered under the version it was read with: a change committed between the caller's query
 * and the loader's is never remembered under the older number. Memory answers only a request
 * whose caller read that very version. It can't tell two databases apart: a backup is restored
 * with the servers stopped (README, operations guide). A request that knows no version
 * (a script, a test calling a data function, a route handler outside React's render) reads the
 * database every time, as before. The values are shared by every request of the process: they
 * are frozen, and nobody may change them.
 */

/** The versions the caller's query read in this request, by organization id. */
const requestVersions = perRequest(async () => new Map<string, number>());

/** Records the catalog version of an organization as the caller's query read it. */
export async function noteCatalogVersion(organizationId: string, version: number): Promise<void> {
  (await requestVersions()).set(organizationId, version);
}

interface Entry {
  version: number;
  value: unknown;
}

/** Organizations remembered per loader; the least recently read is forgotten first. */
const MAX_ORGANIZATIONS = 500;

// The app's bundles (several per process) share one memory through this slot.
const SLOT = Symbol.for("roster.catalog-cache");
const slots = globalThis as typeof globalThis & { [SLOT]?: Map<string, Map<string, Entry>> };
function memoryOf(name: string): Map<string, Entry> {
  const all = (slots[SLOT] ??= new Map<string, Map<string, Entry>>());
  let memory = all.get(name);
  if (!memory) all.set(name, (memory = new Map<string, Entry>()));
  return memory;
}

/** Freezes a value read from the database, and everything in it but dates. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** What a loader read: the data, and the organization's catalog version in the same snapshot. */
export interface VersionedRead<R> {
  /** Null: the organization is gone (nothing is remembered). */
  version: number | null;
  value: R;
}

/**
 * `load`, remembered per organization at its catalog version. `name` tells the loaders apart
 * (each has its own memory); `load` must read only what the catalog version covers.
 */
export function byCatalogVersion<R>(
  name: string,
  load: (organizationId: string) => Promise<VersionedRead<R>>,
): (organizationId: string) => Promise<R> {
  return async (organizationId) => {
    const version = (await requestVersions()).get(organizationId);
    if (version === undefined) return (await load(organizationId)).value;
    const memory = memoryOf(name);
    const known = memory.get(organizationId);
    if (known && known.version === version) {
      // Most recently used last: re-inserted.
      memory.delete(organizationId);
      memory.set(organizationId, known);
      return known.value as R;
    }
    const read = await load(organizationId);
    memory.delete(organizationId);
    if (read.version !== null) {
      memory.set(organizationId, { version: read.version, value: deepFreeze(read.value) });
      if (memory.size > MAX_ORGANIZATIONS) memory.delete(memory.keys().next().value!);
    }
    return read.value;
  };
}

/** Forgets everything remembered (tests). */
export function forgetCatalogs(): void {
  slots[SLOT]?.clear();
}
