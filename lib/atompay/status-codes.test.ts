import { describe, expect, it } from "vitest";
import { classifyStatus, isKnownStatusCode, isRequestErrorCode, statusCodeInfo } from "./status-codes";

describe("status codes (section 9)", () => {
  it("classifies the table", () => {
    const table: Record<string, string> = {
      OTS0000: "success",
      OTS0002: "success",
      OTS0201: "pending",
      OTS0301: "pending",
      OTS0351: "pending",
      OTS0551: "pending",
      OTS0001: "failed",
      OTS0101: "cancelled",
      OTS0401: "failed",
      OTS0503: "failed",
      OTS0504: "failed",
      OTS0506: "failed",
      OTS0507: "failed",
      OTS0508: "failed",
      OTS0509: "failed",
      OTS0510: "failed",
      OTS0522: "failed",
      OTS0600: "failed",
      OTS0951: "failed",
    };
    for (const [code, outcome] of Object.entries(table)) {
      expect(classifyStatus(code)).toBe(outcome);
      expect(isKnownStatusCode(code)).toBe(true);
    }
  });
  it("unknown codes are pending and unknown", () => {
    for (const code of ["OTS9999", "", "toString", "__proto__", "constructor", "OTS0642"]) {
      expect(classifyStatus(code)).toBe("pending");
      expect(isKnownStatusCode(code)).toBe(false);
    }
  });
  it("tolerates case and whitespace", () => {
    expect(classifyStatus(" ots0000 ")).toBe("success");
  });
  it("NDPS's dictionary: OTS06xx card and bank failures are failed payments, not request errors", () => {
    for (const c of ["OTS0631", "OTS0632", "OTS0633", "OTS0634", "OTS0614", "OTS0625", "OTS0601", "OTS0612"]) {
      expect(statusCodeInfo(c)).toMatchObject({ outcome: "failed", kind: "outcome", message: "FAILED" });
      expect(isRequestErrorCode(c)).toBe(false);
    }
    expect(statusCodeInfo("OTS0634")?.description).toBe("FAILED-INVALID CVV");
    expect(statusCodeInfo("OTS0451")).toMatchObject({ kind: "request", description: "INVALID MERCHANT INFORMATION" });
  });
  it("request-level errors", () => {
    for (const c of ["OTS0451", "OTS0506", "OTS0522", "OTS0615", "OTS0637", "OTS0639", "OTS0641"]) expect(isRequestErrorCode(c)).toBe(true);
    for (const c of ["OTS0000", "OTS0600", "OTS0601", "OTS0634", "OTS0642", "OTS0101", "OTS0401", "OTS0551"])
      expect(isRequestErrorCode(c)).toBe(false);
  });
});
