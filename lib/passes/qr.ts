// The pass as a QR code, for the receipt page, the PDF receipt and the receipt mail. Level M and a four-module
// quiet zone: what phone cameras read quickest off a bright screen or paper.
import QRCode from "qrcode";

const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** A self-contained SVG (black on white, scales to any size): embed it inline or as an image. */
export async function passQrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { ...OPTIONS, type: "svg", color: { dark: "#000000", light: "#ffffff" } });
}

/** The same code as a PNG, for mail (clients block SVG) and the PDF receipt. */
export async function passQrPng(token: string, width = 360): Promise<Buffer> {
  return QRCode.toBuffer(token, { ...OPTIONS, type: "png", width, color: { dark: "#000000", light: "#ffffff" } });
}
