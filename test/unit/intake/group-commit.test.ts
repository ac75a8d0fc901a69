import { describe, expect, it } from "vitest";
import { createGroupCommit } from "../../../src/intake/group-commit.ts";

describe("group commit", () => {
  it("commits what arrives in the same turn together, and answers each caller with its own result", async () => {
    const commits: number[][] = [];
    const submit = createGroupCommit<number, string>({
      commitAll: (items) => {
        commits.push([...items]);
        return items.map((item) => `stored ${item}`);
      },
      commitOne: (item) => {
        commits.push([item]);
        return `stored ${item}`;
      },
    });
    const answers = await Promise.all([submit(1), submit(2), submit(3)]);
    expect(answers).toEqual(["stored 1", "stored 2", "stored 3"]);
    expect(commits).toEqual([[1, 2, 3]]);
    // Alone, an item is committed on its own, as before.
    expect(await submit(4)).toBe("stored 4");
    expect(commits).toEqual([[1, 2, 3], [4]]);
  });

  it("answers no one before the commit that holds their items", async () => {
    let committed = false;
    const submit = createGroupCommit<number, boolean>({
      commitAll: (items) => {
        committed = true;
        return items.map(() => committed);
      },
      commitOne: () => {
        committed = true;
        return committed;
      },
    });
    const pending = submit(1);
    expect(committed).toBe(false);
    expect(await pending).toBe(true);
  });

  it("when the shared commit fails, fails only the delivery at fault", async () => {
    const stored: number[] = [];
    const submit = createGroupCommit<number, number>({
      commitAll: (items) => {
        if (items.includes(13)) throw new Error("bad delivery");
        stored.push(...items);
        return [...items];
      },
      commitOne: (item) => {
        if (item === 13) throw new Error("bad delivery 13");
        stored.push(item);
        return item;
      },
    });
    const results = await Promise.allSettled([submit(12), submit(13), submit(14)]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(stored).toEqual([12, 14]);
  });

  it("keeps a burst's transactions bounded", async () => {
    const sizes: number[] = [];
    const submit = createGroupCommit<number, number>({
      commitAll: (items) => {
        sizes.push(items.length);
        return [...items];
      },
      commitOne: (item) => {
        sizes.push(1);
        return item;
      },
      maxBatch: 4,
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});
