import { describe, expect, it } from "vitest";
import { actionResult } from "./load-traffic";

// Shapes of the answers the production server gave the load run (Next.js 16): row 0 names the row
// with the action's result; after a revalidating action the page's tree comes first.
describe("actionResult", () => {
  it("reads the result row that row 0 names, after a revalidated page's tree", () => {
    const body = [
      '2:"$Sreact.fragment"',
      '0:{"a":"$@1","q":"","i":false,"t":{"t":{"s":"","h":24,"d":{"r":["$","$2","c",{}]}}}}',
      ':HL["/_next/static/chunks/x.css","style"]',
      '1:{"ok":true,"role":"admin"}',
      '11:{"ok":false,"error":"not this row"}',
      "23:null",
      "",
    ].join("\n");
    expect(actionResult(body)).toEqual({ ok: true, role: "admin" });
  });

  it("reads a refusal, with its field errors", () => {
    const body =
      '0:{"a":"$@1","q":"","i":false,"b":"vQW-KJ1Y5n1C6hdeXYbed"}\n' +
      '1:{"ok":false,"error":"Nobody was invited — see each row.","fieldErrors":{"rows.0.email":["taken"]}}\n';
    expect(actionResult(body)).toEqual({
      ok: false,
      error: "Nobody was invited — see each row.",
      fieldErrors: { "rows.0.email": ["taken"] },
    });
  });

  it("follows a row id in hex, and finds nothing in a page or a cut-off answer", () => {
    expect(actionResult('0:{"a":"$@1f"}\n1:{"ok":false}\n1f:{"ok":true}\n')).toEqual({ ok: true });
    expect(actionResult("<!DOCTYPE html><html></html>")).toBeUndefined();
    expect(actionResult('0:{"a":"$@1"}\n1:{"ok":tr')).toBeUndefined();
  });
});
