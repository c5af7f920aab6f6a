// The pass's PNG is read back as a camera would: the file's chunks checked (signature, CRCs), its pixels inflated,
// and jsQR (the door's own decoder) must find the token in them.
import { crc32, inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { passQrPng } from "./qr";

function readPng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 0, 0, 0, 0]);
    }
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  expect(types).toEqual(["IHDR", "IDAT", "IEND"]);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width + 1));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)], "filter byte").toBe(0);
    for (let x = 0; x < width; x++) {
      const v = raw[y * (width + 1) + 1 + x]!;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba };
}

describe("the pass's QR code as a PNG", () => {
  it("decodes to the token, square, near the width asked for, in black and white only", async () => {
    const token = `v1.${"AbC-d_9".repeat(24)}`; // as long as a real pass token (about 170 characters)
    for (const asked of [360, 480]) {
      const { width, height, rgba } = readPng(await passQrPng(token, asked));
      expect(width).toBe(height);
      expect(Math.abs(width - asked)).toBeLessThan(asked * 0.1);
      expect(new Set(rgba.filter((_, i) => i % 4 === 0))).toEqual(new Set([0, 255]));
      expect(jsQR(rgba, width, height)?.data).toBe(token);
    }
  });

  it("is a different picture for a different token", async () => {
    expect((await passQrPng("v1.one")).equals(await passQrPng("v1.two"))).toBe(false);
  });
});
