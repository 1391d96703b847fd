import { describe, expect, it } from "vitest";
import { usersQuery } from "./schemas";

const DEFAULTS = { sort: "name", dir: "asc", page: 1, size: 25 };

describe("the Users list's URL", () => {
  it("keeps well-formed values", () => {
    expect(
      usersQuery.parse({
        q: " ava ",
        role: "admin",
        status: "pending",
        workspace: "cmx6ljvko049zt97d81r3lzqj",
        sort: "joined",
        dir: "desc",
        page: "3",
        size: "100",
      }),
    ).toEqual({
      q: "ava",
      role: "admin",
      status: "pending",
      workspace: "cmx6ljvko049zt97d81r3lzqj",
      sort: "joined",
      dir: "desc",
      page: 3,
      size: 100,
    });
  });

  it.each(["\u0000", "a\u0000b", "ava\u0000"])(
    "drops a search or workspace holding NUL, which PostgreSQL refuses: %j",
    (value) => {
      expect(usersQuery.parse({ q: value, workspace: value })).toEqual(DEFAULTS);
    },
  );

  it.each(["a b", "x".repeat(65), "'; DROP TABLE", ""])(
    "drops a workspace that is no id: %j",
    (workspace) => {
      expect(usersQuery.parse({ workspace })).toEqual(DEFAULTS);
    },
  );

  it("falls back to the defaults for anything else malformed", () => {
    expect(
      usersQuery.parse({
        q: ["a", "b"],
        role: "toString",
        status: "__proto__",
        sort: "__proto__",
        dir: "sideways",
        page: "1e309",
        size: "1000",
      }),
    ).toEqual(DEFAULTS);
    for (const page of ["0", "-1", "1.5", "NaN", "100001", "abc"]) {
      expect(usersQuery.parse({ page }).page, page).toBe(1);
    }
  });
});
