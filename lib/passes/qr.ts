// The pass as a QR code, for the receipt page, the PDF receipt and the receipt mail. Level M and a four-module
// quiet zone: what phone cameras read quickest off a bright screen or paper.
import QRCode from "qrcode";

const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** A self-contained SVG (black on white, scales to any size): embed it inline or as an image. */
export async function passQrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { ...OPTIONS, type: "svg", color: { dark: "#000000", light: "#ffffff" } });
}

/** A PNG of the code, `width` pixels square, for mail clients and PDF writers that do not take SVG. */
export async function passQrPng(token: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(token, { ...OPTIONS, type: "png", width });
}
