/**
 * The audio surface: one waveform per audio field (wavesurfer.js), with the layers of the
 * controls drawn on it (segments…) and the player they share.
 *
 * A long file opens fast because the browser never decodes it: the waveform is drawn from the
 * peaks the server computed on upload (`useMediaInfo(...).peaksUrl`), and the sound streams
 * through an `<audio preload="metadata">` element that fetches ranges as it plays. Files without
 * server peaks (media served elsewhere, uploads from before peaks existed) are decoded in the
 * browser only when short (`DECODE_MAX_S`); longer ones play without a waveform, and the UI says
 * which of these happened. The spectrogram needs the samples, so it is decoded on demand when
 * toggled, for short files only.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import WaveSurfer, { type WaveSurferOptions } from "wavesurfer.js";
import SpectrogramPlugin from "wavesurfer.js/dist/plugins/spectrogram.esm.js";
import { useMediaInfo } from "../../media/mediaInfo";
import { safeMediaUrl } from "../../render";
import type { SurfaceProps } from "../types";
import { AudioSurfaceContext, type AudioSurfaceApi } from "./audioContext";
import { DECODE_MAX_S, fetchPeaks } from "./peaks";
import { formatTime, nextSpeed } from "./segments";
import { WAVE_HEIGHT, adoptWaveformStyles } from "./waveformStyle";
import "./audio.css";

const MAX_PX_PER_S = 2000;
/** Sample rate the spectrogram decodes at: 8 kHz of bandwidth covers speech. */
const SPECTROGRAM_RATE = 16000;

/** Resolves with the media's duration once its metadata arrived (null if it cannot load). */
function metadataDuration(media: HTMLMediaElement, src: string, signal: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const done = () => resolve(Number.isFinite(media.duration) && media.duration > 0 ? media.duration : null);
    media.addEventListener("loadedmetadata", done, { once: true });
    media.addEventListener("error", () => resolve(null), { once: true });
    signal.addEventListener("abort", () => resolve(null), { once: true });
    media.src = src;
  });
}

type Spectrogram = "off" | "loading" | "on";

export function AudioSurface({ field, url, data, layers, readOnly = false }: SurfaceProps) {
  const { info, loading } = useMediaInfo(url, data, field);
  const waveRef = useRef<HTMLDivElement>(null);
  const mediaHostRef = useRef<HTMLDivElement>(null);
  const [ws, setWs] = useState<WaveSurfer | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [drawn, setDrawn] = useState(false);
  // Ready for the bench hooks and the layers: loaded and the waveform fully drawn once.
  const ready = loaded && drawn;
  const [duration, setDuration] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [rate, setRate] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [spectrogram, setSpectrogram] = useState<Spectrogram>("off");
  const [spectrogramNote, setSpectrogramNote] = useState<string | null>(null);
  const spectrogramPlugin = useRef<SpectrogramPlugin | null>(null);
  const decoded = useRef(false);
  // Absolute, as the media element reports it: wavesurfer then leaves a playing source alone.
  const src = useMemo(() => {
    const safe = safeMediaUrl(url);
    return safe ? new URL(safe, window.location.href).href : "";
  }, [url]);

  useEffect(() => {
    const host = waveRef.current;
    const mediaHost = mediaHostRef.current;
    if (loading || !src || !host || !mediaHost) return;
    const abort = new AbortController();
    let made: WaveSurfer | null = null;
    const media = document.createElement("audio");
    media.preload = "metadata";
    mediaHost.appendChild(media);
    (async () => {
      const options: WaveSurferOptions = {
        container: host,
        media,
        height: WAVE_HEIGHT,
        waveColor: "#94a3b8",
        progressColor: "#475569",
        cursorColor: "#b91c1c",
        cursorWidth: 2,
        normalize: true,
        // Not dragToSeek: its pointer handling would swallow the drag that makes a segment.
        dragToSeek: false,
        autoScroll: true,
        url: src,
      };
      const peaks = info.peaksUrl ? await fetchPeaks(info.peaksUrl, abort.signal) : null;
      if (peaks) {
        options.peaks = peaks.channels;
        options.duration = peaks.duration;
      } else {
        const known = info.duration ?? (await metadataDuration(media, src, abort.signal));
        if (abort.signal.aborted) return;
        if (known !== null && known <= DECODE_MAX_S) {
          decoded.current = true;
          setNote("The server has no waveform for this file: it was decoded in the browser.");
        } else if (known !== null) {
          options.peaks = [[0, 0]];
          options.duration = known;
          setNote(
            `No waveform: the server has none for this file and it is too long (${formatTime(known)}) ` +
              `to decode in the browser (up to ${formatTime(DECODE_MAX_S)}). Playback and segments work.`,
          );
        } else {
          setError("This audio cannot be loaded.");
          return;
        }
      }
      if (abort.signal.aborted) return;
      made = WaveSurfer.create(options);
      adoptWaveformStyles(made);
      made.on("ready", (d) => {
        setDuration(d);
        setLoaded(true);
      });
      made.on("redrawcomplete", () => setDrawn(true));
      made.on("play", () => setPlaying(true));
      made.on("pause", () => setPlaying(false));
      made.on("zoom", (px) => setZoom(px));
      made.on("error", (e) => setError(`This audio cannot be played: ${e.message}`));
      setWs(made);
    })();
    return () => {
      abort.abort();
      made?.destroy();
      media.remove();
      spectrogramPlugin.current = null;
      decoded.current = false;
      setWs(null);
      setLoaded(false);
      setDrawn(false);
      setDuration(null);
      setNote(null);
      setError(null);
      setPlaying(false);
      setRate(1);
      setZoom(0);
      setSpectrogram("off");
      setSpectrogramNote(null);
    };
  }, [src, loading, info.peaksUrl, info.duration]);

  const zoomBy = useCallback(
    (direction: 1 | -1) => {
      if (!ws || !ready || !duration) return;
      const fit = ws.getWidth() / duration;
      const current = zoom || fit;
      const next = direction > 0 ? Math.min(current * 2, MAX_PX_PER_S) : current / 2;
      ws.zoom(next <= fit * 1.01 ? 0 : next);
    },
    [ws, ready, duration, zoom],
  );

  const api = useMemo<AudioSurfaceApi>(() => {
    const clampTime = (t: number) => Math.min(Math.max(t, 0), duration ?? ws?.getDuration() ?? 0);
    // Seeks go to the media element itself: its position changes the moment a seek is asked
    // for. wavesurfer's `setTime` defers a seek until the media can play and drops a deferred one
    // when an earlier seek lands, so keys pressed in a row would lose steps.
    const now = () => ws?.getMediaElement()?.currentTime ?? 0;
    const seekTo = (t: number) => {
      const media = ws?.getMediaElement();
      if (media) media.currentTime = clampTime(t);
    };
    return {
      ws,
      duration,
      ready,
      readOnly,
      playPause: () => void ws?.playPause().catch(() => undefined),
      seek: (delta) => seekTo(now() + delta),
      seekTo,
      playRange: (start, end) => void ws?.play(start, end).catch(() => undefined),
      speed: (direction) => {
        if (!ws) return;
        const next = nextSpeed(ws.getPlaybackRate(), direction);
        ws.setPlaybackRate(next);
        setRate(next);
      },
      zoom: zoomBy,
      time: now,
    };
  }, [ws, duration, ready, readOnly, zoomBy]);

  const toggleSpectrogram = async () => {
    if (!ws || !duration) return;
    if (spectrogram === "on") {
      spectrogramPlugin.current?.destroy();
      spectrogramPlugin.current = null;
      setSpectrogram("off");
      return;
    }
    if (spectrogram === "loading") return;
    if (duration > DECODE_MAX_S) {
      setSpectrogramNote(
        `The spectrogram is drawn for clips up to ${formatTime(DECODE_MAX_S)}; this one lasts ${formatTime(duration)}.`,
      );
      return;
    }
    setSpectrogram("loading");
    setSpectrogramNote(null);
    try {
      if (!decoded.current) {
        // The samples, decoded once at a rate the spectrogram needs; the waveform is then drawn
        // from them too, and the media element keeps playing where it was (same source).
        const body = await (await fetch(src, { credentials: "same-origin" })).arrayBuffer();
        const audio = await new OfflineAudioContext(1, 1, SPECTROGRAM_RATE).decodeAudioData(body);
        await ws.load(src, [audio.getChannelData(0)], audio.duration);
        decoded.current = true;
      }
      spectrogramPlugin.current = ws.registerPlugin(
        SpectrogramPlugin.create({
          height: 128,
          labels: true,
          scale: "mel",
          frequencyMax: SPECTROGRAM_RATE / 2,
        }),
      );
      setSpectrogram("on");
    } catch (e) {
      setSpectrogram("off");
      setSpectrogramNote(`The spectrogram could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const layerNodes: ReactNode[] = layers.map((layer) => (
    <div key={layer.control} className="audio-layer" data-layer={layer.control}>
      {layer.render()}
    </div>
  ));

  return (
    <AudioSurfaceContext.Provider value={api}>
      <div
        className={`audio-surface${readOnly ? " read-only" : ""}`}
        data-surface="audio"
        data-field={field}
        data-ready={ready ? "true" : "false"}
        data-playing={playing ? "true" : "false"}
        data-rate={rate}
        data-zoom={zoom}
        data-spectrogram={spectrogram}
        data-duration={duration ?? undefined}
      >
        {/* A click on a tool leaves the focus where it was, so Space keeps playing and pausing
            instead of pressing the last button clicked. */}
        <div
          className="audio-toolbar"
          role="toolbar"
          aria-label="Player"
          onMouseDown={(e) => e.preventDefault()}
        >
          <button type="button" onClick={api.playPause} disabled={!ready} aria-pressed={playing}>
            {playing ? "Pause" : "Play"} <kbd>Space</kbd>
          </button>
          <span className="audio-rate" aria-label="Playback speed">
            {rate}×
          </span>
          {!readOnly && (
            <>
              <button type="button" onClick={() => api.speed(-1)} disabled={!ready} title="Slower (-)">
                Slower
              </button>
              <button type="button" onClick={() => api.speed(1)} disabled={!ready} title="Faster (=)">
                Faster
              </button>
              <button
                type="button"
                onClick={() => zoomBy(-1)}
                disabled={!ready || zoom === 0}
                title="Zoom out (o)"
              >
                −
              </button>
              <span className="audio-zoom">{zoom ? `${Math.round(zoom)} px/s` : "Fit"}</span>
              <button type="button" onClick={() => zoomBy(1)} disabled={!ready} title="Zoom in (i)">
                +
              </button>
            </>
          )}
          <button
            type="button"
            onClick={() => void toggleSpectrogram()}
            disabled={!ready || spectrogram === "loading"}
            aria-pressed={spectrogram === "on"}
          >
            {spectrogram === "loading" ? "Decoding…" : "Spectrogram"}
          </button>
          {duration !== null && <span className="audio-duration">{formatTime(duration)}</span>}
        </div>
        <div ref={waveRef} className="audio-wave" />
        <div ref={mediaHostRef} className="audio-media" hidden />
        {!src && <p className="error">This item's audio field holds no playable address.</p>}
        {src && !ready && !error && <p className="hint">Loading the waveform…</p>}
        {note && (
          <p className="hint audio-note" data-testid="audio-note">
            {note}
          </p>
        )}
        {spectrogramNote && (
          <p className="hint audio-note" role="status">
            {spectrogramNote}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {layerNodes}
      </div>
    </AudioSurfaceContext.Provider>
  );
}
