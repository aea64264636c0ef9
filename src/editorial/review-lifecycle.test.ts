import { describe, expect, it } from "vitest";
import { allowedActions, mayEdit, reviewTransition, statusAfterEdit } from "./review-lifecycle.ts";

describe("the review lifecycle", () => {
  it("takes an article from Submitted through Under Review to Approved", () => {
    expect(reviewTransition("submitted", "claim", "reviewer")).toEqual({ allowed: true, to: "under-review" });
    expect(reviewTransition("under-review", "approve", "reviewer")).toEqual({
      allowed: true,
      to: "approved",
    });
    expect(reviewTransition("under-review", "request-changes", "reviewer")).toEqual({
      allowed: true,
      to: "changes-requested",
    });
    expect(reviewTransition("under-review", "reject", "editor")).toEqual({ allowed: true, to: "rejected" });
    expect(reviewTransition("changes-requested", "resubmit", "editor")).toEqual({
      allowed: true,
      to: "submitted",
    });
  });

  it("refuses an illegal transition and lists what is allowed", () => {
    const outcome = reviewTransition("submitted", "approve", "reviewer");
    expect(outcome).toEqual({
      allowed: false,
      reason: "illegal",
      message: "An article that is submitted cannot be approved. Allowed now: claim.",
      allowedActions: ["claim"],
    });
  });

  it("refuses a role that may not act", () => {
    const outcome = reviewTransition("under-review", "approve", "clinician");
    expect(outcome).toMatchObject({ allowed: false, reason: "forbidden" });
    expect(allowedActions("under-review", "clinician")).toEqual([]);
    expect(reviewTransition("changes-requested", "resubmit", "reviewer")).toMatchObject({
      reason: "forbidden",
    });
  });

  it("lets nothing happen to a rejected article", () => {
    expect(allowedActions("rejected", "admin")).toEqual([]);
  });

  it("lets only the claimant or an editor finish a claimed review", () => {
    expect(allowedActions("under-review", "reviewer", "theirs")).toEqual([]);
    expect(reviewTransition("under-review", "approve", "reviewer", "theirs")).toMatchObject({
      allowed: false,
      reason: "forbidden",
    });
    expect(allowedActions("under-review", "reviewer", "yours")).toEqual([
      "release",
      "approve",
      "request-changes",
      "reject",
    ]);
    expect(allowedActions("under-review", "editor", "theirs")).toContain("approve");
  });

  it("lets editors edit until rejection, and reviewers only what they claimed", () => {
    expect(mayEdit("approved", "editor", "none")).toBe(true);
    expect(mayEdit("rejected", "admin", "none")).toBe(false);
    expect(mayEdit("under-review", "reviewer", "yours")).toBe(true);
    expect(mayEdit("under-review", "reviewer", "theirs")).toBe(false);
    expect(mayEdit("submitted", "reviewer", "none")).toBe(false);
    expect(mayEdit("under-review", "clinician", "yours")).toBe(false);
    expect(statusAfterEdit("approved")).toBe("submitted");
    expect(statusAfterEdit("under-review")).toBe("under-review");
  });
});
