import { describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";

describe("shutdown hooks", () => {
  it("run the app's hooks together, then the database's, each bounded; once", async () => {
    vi.resetModules();
    // A fresh registry for this test (it lives on globalThis).
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("roster.lifecycle")];
    const { onShutdown, runShutdownHooks, isShuttingDown } = await import("./lifecycle");
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const order: string[] = [];
    let releaseWorker!: () => void;
    onShutdown("database", () => void order.push("database"), { phase: "database" });
    onShutdown("worker", async () => {
      await new Promise<void>((resolve) => (releaseWorker = resolve));
      order.push("worker");
    });
    onShutdown("broken", () => {
      throw new Error("cannot stop");
    });
    onShutdown("stuck", () => new Promise<void>(() => undefined));
    const unregister = onShutdown("gone", () => void order.push("gone"));
    unregister();

    expect(isShuttingDown()).toBe(false);
    const running = runShutdownHooks({ timeoutMs: 200 });
    expect(isShuttingDown()).toBe(true);
    expect(runShutdownHooks()).toBe(running);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    releaseWorker();
    await running;
    expect(order).toEqual(["worker", "database"]);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ hook: "broken", err: expect.any(Error) }),
      "shutdown hook failed",
    );
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ hook: "stuck" }),
      "shutdown hook did not finish in time",
    );
  });
});
