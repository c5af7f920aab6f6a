"use client";

// The phone's back camera reading QR codes: the browser's own BarcodeDetector where it has one (Android Chrome,
// macOS, ChromeOS), else ZXing's decoder (@zxing/browser), loaded ahead so it is there when the network is not.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/ui";

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorClass = { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> };

async function nativeDetector(): Promise<Detector | null> {
  const D = (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!D) return null;
  try {
    return (await D.getSupportedFormats()).includes("qr_code") ? new D({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

// Started at once so the chunk is in memory before the venue's network drops.
const zxing = typeof window === "undefined" ? null : import("@zxing/browser").catch(() => null);

export function Camera({ onCode }: { onCode: (text: string) => void }) {
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let stopZxing: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The same code held in front of the camera is read many times a second: report it once per 3 s.
    let last = { text: "", at: 0 };
    const report = (text: string) => {
      const now = Date.now();
      if (text === last.text && now - last.at < 3000) return;
      last = { text, at: now };
      onCodeRef.current(text);
    };
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const native = await nativeDetector();
        if (native) {
          const tick = async () => {
            if (stopped || !video.current) return;
            const codes = await native.detect(video.current).catch(() => []);
            if (codes[0]?.rawValue) report(codes[0].rawValue);
            timer = setTimeout(tick, 150);
          };
          void tick();
          return;
        }
        const lib = await zxing;
        if (!lib) throw new Error("no decoder");
        const controls = await new lib.BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 }).decodeFromVideoElement(video.current, (result) => {
          if (result) report(result.getText());
        });
        stopZxing = () => controls.stop();
        if (stopped) stopZxing();
      } catch (e) {
        setError(e instanceof DOMException && e.name === "NotAllowedError" ? "Camera permission was refused. Allow it, or type the code." : "The camera could not be started. Type the code or Anwesha ID instead.");
        setOn(false);
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stopZxing?.();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on]);

  return (
    <div className="space-y-2">
      <Button type="button" variant={on ? "secondary" : "primary"} className="w-full text-lg" onClick={() => { setError(null); setOn(!on); }}>
        {on ? "Stop camera" : "Scan with camera"}
      </Button>
      {on ? <video ref={video} muted playsInline className="aspect-square w-full rounded-xl bg-black object-cover" aria-label="Camera view" /> : null}
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
