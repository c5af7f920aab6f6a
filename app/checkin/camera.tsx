"use client";

// The phone's back camera reading QR codes: the browser's own BarcodeDetector where it has one (Android Chrome,
// macOS, ChromeOS), else jsQR on frames drawn to a canvas. jsQR (pure JS, no dependencies) read every one of 160
// clean renderings of our passes at four sizes where ZXing's JS port missed 22; it is loaded ahead of need so it is
// there when the network is not.
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
const jsqr = typeof window === "undefined" ? null : import("jsqr").then((m) => m.default).catch(() => null);

/** At most this wide: enough for a pass held at arm's length, and jsQR stays well under a frame's time. */
const MAX_WIDTH = 640;

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
        const decode = native ? null : await jsqr;
        if (!native && !decode) throw new Error("no decoder");
        const canvas = document.createElement("canvas");
        const ctx = canvas.getContext("2d", { willReadFrequently: true });
        const tick = async () => {
          const v = video.current;
          if (stopped || !v) return;
          if (native) {
            const codes = await native.detect(v).catch(() => []);
            if (codes[0]?.rawValue) report(codes[0].rawValue);
          } else if (ctx && v.videoWidth) {
            const scale = Math.min(1, MAX_WIDTH / v.videoWidth);
            canvas.width = Math.round(v.videoWidth * scale);
            canvas.height = Math.round(v.videoHeight * scale);
            ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
            const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
            const code = decode!(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
            if (code?.data) report(code.data);
          }
          timer = setTimeout(tick, 150);
        };
        void tick();
      } catch (e) {
        setError(
          e instanceof DOMException && e.name === "NotAllowedError"
            ? "Camera permission was refused. Allow it, or type the code."
            : "The camera could not be started. Type the code or Anwesha ID instead.",
        );
        setOn(false);
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [on]);

  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant={on ? "secondary" : "primary"}
        className="w-full text-lg"
        onClick={() => {
          setError(null);
          setOn(!on);
        }}
      >
        {on ? "Stop camera" : "Scan with camera"}
      </Button>
      {on ? (
        <video ref={video} muted playsInline className="aspect-square w-full rounded-xl bg-black object-cover" aria-label="Camera view" />
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
