// The pass as a QR code, for the receipt page, the PDF receipt and the receipt mail. Level M and a four-module
// quiet zone: what phone cameras read quickest off a bright screen or paper.
import { crc32, deflateSync } from "node:zlib";
import QRCode from "qrcode";

const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** A self-contained SVG (black on white, scales to any size): embed it inline or as an image. */
export async function passQrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { ...OPTIONS, type: "svg", color: { dark: "#000000", light: "#ffffff" } });
}

/**
 * The same code as a PNG, for mail (clients block SVG) and the PDF receipt: about `width` pixels wide, every module a
 * whole number of pixels so its edges stay sharp. Encoded here as 8-bit greyscale with rows deflated by zlib, not
 * by qrcode's own PNG writer, which spends about 60 ms of JavaScript per code choosing row filters; a receipt of
 * five passes made the mail worker take that much CPU from the requests beside it (bench: pay, 5 items).
 */
export async function passQrPng(token: string, width = 360): Promise<Buffer> {
  const { modules } = QRCode.create(token, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
  const span = modules.size + 2 * OPTIONS.margin;
  const scale = Math.max(1, Math.round(width / span));
  const side = span * scale;
  const rowBytes = 1 + side; // a filter-type byte (0: none), then one byte per pixel
  const raw = Buffer.alloc(rowBytes * side, 0xff);
  for (let y = 0; y < side; y++) raw[y * rowBytes] = 0;
  for (let r = 0; r < modules.size; r++) {
    const top = (r + OPTIONS.margin) * scale;
    for (let c = 0; c < modules.size; c++) {
      if (!modules.get(r, c)) continue;
      const left = 1 + (c + OPTIONS.margin) * scale;
      for (let dy = 0; dy < scale; dy++) raw.fill(0x00, (top + dy) * rowBytes + left, (top + dy) * rowBytes + left + scale);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, no filter method, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
