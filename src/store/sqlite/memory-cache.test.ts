import { describe, expect, it } from "vitest";
import { MemoryCache } from "./memory-cache.ts";

describe("MemoryCache", () => {
  const cache = () => new MemoryCache<string>(10, (value) => value.length);

  it("drops the least recently used values once the budget is full", () => {
    const held = cache();
    held.set("a", "aaaa");
    held.set("b", "bbbb");
    expect(held.get("a")).toBe("aaaa"); // "b" is now the least recently used
    held.set("c", "cccc");
    expect(held.get("b")).toBeUndefined();
    expect(held.get("a")).toBe("aaaa");
    expect(held.bytes).toBe(8);
    expect(held.fits(2)).toBe(true);
    expect(held.fits(3)).toBe(false);
  });

  it("keeps nothing larger than the whole budget, and counts a replaced value once", () => {
    const held = cache();
    held.set("big", "x".repeat(11));
    expect(held.bytes).toBe(0);
    held.set("a", "aaa");
    held.set("a", "aaaaa");
    expect(held.bytes).toBe(5);
    held.clear();
    expect(held.bytes).toBe(0);
    expect(held.get("a")).toBeUndefined();
  });
});
