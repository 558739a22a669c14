/**
 * The video surface: a `<video>` element (the browser streams it with range requests; nothing
 * decodes it whole), its controls' layers drawn over it, and a timeline below where layers put
 * their rows (tracks, segments) under a ruler and the playhead.
 *
 * Frames are exact: seeks go to the middle of a frame (`frameTime`), and the frame shown is read
 * from `requestVideoFrameCallback` (the frame actually presented, not the one asked for), which
 * the root carries as `data-frame`. The frame rate is the server's measurement of the file
 * (`useMediaInfo`), else the item's declared `fps`.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
} from "react";
import { Text } from "../../render";
import { useMediaInfo } from "../../media/mediaInfo";
import { eventKey } from "../shortcuts";
import type { SurfaceProps } from "../types";
import {
  clampFrame,
  formatFrame,
  frameAt,
  frameCount,
  frameTime,
  presentedFrame,
  tickStep,
} from "./frameMath";
import {
  VideoContext,
  createFrameStore,
  frameStoreFor,
  timelinePercent,
  useFrame,
  type FrameStore,
  type VideoGeometry,
} from "./videoContext";
import "./video.css";

/** The player's keys follow the audio surface's (segments.ts), so both media step alike:
 * Space plays, -/= change the speed, i/o zoom; arrows step by frame here, not by second. */
/** Without a measured or declared frame rate, frames are counted at this rate (and said so). */
const ASSUMED_FPS = 30;
const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4];
const ZOOMS = [1, 2, 4, 8, 16, 32, 64, 128];
/** The video takes at most this share of the window's height. */
const MAX_HEIGHT_SHARE = 0.6;

/** The player's keys, listed in the shortcut help by the widgets drawn on video. */
export const VIDEO_KEYS = [
  { key: "← / →", does: "Previous / next frame" },
  { key: "Shift+← / Shift+→", does: "Back / forward one second" },
  { key: "Home / End", does: "First / last frame" },
  { key: "Space", does: "Play / pause the video" },
  { key: "- / =", does: "Slower / faster playback" },
  { key: "i / o", does: "Zoom the timeline in / out" },
] as const;

type VideoWithFrames = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export function VideoSurface({ field, url, data, layers, readOnly = false }: SurfaceProps) {
  const { info } = useMediaInfo(url, data, field);
  const videoRef = useRef<VideoWithFrames | null>(null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const [timeline, setTimeline] = useState<HTMLElement | null>(null);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const [duration, setDuration] = useState<number | null>(null);
  const [room, setRoom] = useState({ w: 640, h: 480 });
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [zoom, setZoom] = useState(1);
  const fps = info.fps ?? ASSUMED_FPS;
  const frames = frameCount(fps, info.duration ?? duration, info.frames);
  // The surface's own frame, mirrored into its field's store for side cards (outside this tree);
  // AnswerView may show two surfaces of one field side by side, each with its own frame.
  const store = useMemo(() => createFrameStore(), []);
  const fieldStore = useMemo(() => frameStoreFor(field), [field]);
  /** The frame last asked for while its seek is under way. */
  const pending = useRef<number | null>(null);
  const fpsRef = useRef(fps);
  fpsRef.current = fps;
  const framesRef = useRef(frames);
  framesRef.current = frames;

  const width = info.width ?? natural?.w ?? null;
  const height = info.height ?? natural?.h ?? null;
  const scale = width && height ? Math.min(room.w / width, room.h / height) : 1;

  // The frame presented, from the compositor's own callback (seeked events as a fallback).
  const present = useCallback(
    (frame: number) => {
      store.set(frame);
      fieldStore.set(frame);
      if (pending.current === frame) pending.current = null;
      const root = rootRef.current;
      if (root) {
        root.dataset.frame = String(frame);
        root.dataset.ready = "true";
      }
    },
    [store, fieldStore],
  );

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    store.set(0);
    fieldStore.set(0);
    // A new item's video is not ready until its own first frame is shown.
    if (rootRef.current) delete rootRef.current.dataset.ready;
    pending.current = null;
    let handle = 0;
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      present(presentedFrame(meta.mediaTime, fpsRef.current));
      handle = video.requestVideoFrameCallback!(onFrame);
    };
    const hasCallback = typeof video.requestVideoFrameCallback === "function";
    if (hasCallback) handle = video.requestVideoFrameCallback!(onFrame);
    const onSeeked = () => {
      // Without the callback, or when the first seek lands on the frame already shown (no new
      // frame is presented then), the seek's own time names the frame.
      if (!hasCallback || rootRef.current?.dataset.ready !== "true") {
        present(frameAt(video.currentTime, fpsRef.current));
      }
    };
    const onMeta = () => {
      setNatural({ w: video.videoWidth, h: video.videoHeight });
      setDuration(Number.isFinite(video.duration) ? video.duration : null);
      // Show frame 0 itself (a fresh element has presented nothing yet).
      video.currentTime = frameTime(0, fpsRef.current);
    };
    video.addEventListener("seeked", onSeeked);
    video.addEventListener("loadedmetadata", onMeta);
    if (video.readyState >= 1) onMeta();
    return () => {
      video.removeEventListener("seeked", onSeeked);
      video.removeEventListener("loadedmetadata", onMeta);
      if (hasCallback) video.cancelVideoFrameCallback?.(handle);
    };
  }, [url, store, fieldStore, present]);

  // The space the video may take: the card's width, a share of the window's height.
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      if (w > 0) setRoom({ w, h: Math.floor(window.innerHeight * MAX_HEIGHT_SHARE) });
    });
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  const seekFrame = useCallback((n: number) => {
    const video = videoRef.current;
    if (!video) return;
    if (!video.paused) video.pause();
    const frame = clampFrame(n, framesRef.current);
    pending.current = frame;
    video.currentTime = frameTime(frame, fpsRef.current);
  }, []);

  const step = useCallback(
    (delta: number) => seekFrame((pending.current ?? store.get()) + delta),
    [seekFrame, store],
  );

  const togglePlay = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused) {
      pending.current = null;
      void video.play().catch(() => {});
    } else {
      video.pause();
      // Come to rest on the frame shown, at its middle, so stepping starts from it.
      seekFrame(store.get());
    }
  }, [seekFrame, store]);

  const changeSpeed = useCallback((direction: -1 | 1) => {
    setSpeed((s) => SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, SPEEDS.indexOf(s) + direction))] ?? 1);
  }, []);
  const changeZoom = useCallback((direction: -1 | 1) => {
    setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(z) + direction))] ?? 1);
  }, []);

  useEffect(() => {
    if (videoRef.current) videoRef.current.playbackRate = speed;
  }, [speed]);

  const handleKey = useCallback(
    (key: string): boolean => {
      const second = Math.max(1, Math.round(fpsRef.current));
      const actions: Record<string, () => void> = {
        ArrowLeft: () => step(-1),
        ArrowRight: () => step(1),
        "shift+ArrowLeft": () => step(-second),
        "shift+ArrowRight": () => step(second),
        Home: () => seekFrame(0),
        End: () => seekFrame(framesRef.current - 1),
        Space: togglePlay,
        "-": () => changeSpeed(-1),
        "=": () => changeSpeed(1),
        "+": () => changeSpeed(1),
        i: () => changeZoom(1),
        o: () => changeZoom(-1),
      };
      const action = actions[key];
      action?.();
      return action !== undefined;
    },
    [step, seekFrame, togglePlay, changeSpeed, changeZoom],
  );

  /** Play from `start` to `end` (seconds), then stop on the last frame before `end`. */
  const playRange = useCallback(
    (start: number, end: number) => {
      const video = videoRef.current;
      if (!video) return;
      const stopAt = Math.max(0, Math.round(end * fpsRef.current) - 1);
      const stop = () => {
        if (store.get() >= stopAt) {
          video.removeEventListener("timeupdate", stop);
          seekFrame(stopAt);
        }
      };
      video.addEventListener("timeupdate", stop);
      video.currentTime = start;
      pending.current = null;
      void video.play().catch(() => {});
    },
    [seekFrame, store],
  );

  const player = useMemo(
    () => ({ seekFrame, step, handleKey, togglePlay, playRange, changeSpeed, changeZoom }),
    [seekFrame, step, handleKey, togglePlay, playRange, changeSpeed, changeZoom],
  );
  const geometry: VideoGeometry = useMemo(
    () => ({ field, fps, frames, width, height, scale, player, timeline, frame: store, readOnly }),
    [field, fps, frames, width, height, scale, player, timeline, store, readOnly],
  );

  const displayW = width ? Math.round(width * scale) : undefined;
  const displayH = height ? Math.round(height * scale) : undefined;
  const noFocus = (e: { preventDefault: () => void }) => e.preventDefault();

  return (
    <div
      ref={rootRef}
      className="video-surface"
      data-surface="video"
      data-field={field}
      data-frame="0"
      data-fps={fps}
      // Read-only views (practice feedback) have no widget taking keys: the focused surface steps.
      tabIndex={readOnly ? 0 : undefined}
      onKeyDown={
        readOnly
          ? (e) => {
              const key = eventKey(e);
              if (key && handleKey(key)) e.preventDefault();
            }
          : undefined
      }
    >
      <div ref={wrapRef} className="video-stage">
        <div className="video-frame" style={{ width: displayW, height: displayH }}>
          <video
            ref={videoRef}
            src={url}
            preload="auto"
            playsInline
            style={{ width: displayW, height: displayH }}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
          />
          <VideoContext.Provider value={geometry}>
            <div className="video-overlay">
              {layers.map((layer) => (
                <div key={layer.control} className={`video-layer${layer.active ? " active" : ""}`}>
                  {layer.render()}
                </div>
              ))}
            </div>
          </VideoContext.Provider>
        </div>
      </div>
      <div className="video-toolbar" role="toolbar" aria-label={`${field} player`}>
        <button type="button" onMouseDown={noFocus} onClick={() => step(-1)} aria-label="Previous frame">
          ◀|
        </button>
        <button
          type="button"
          onMouseDown={noFocus}
          onClick={togglePlay}
          aria-label={playing ? "Pause" : "Play"}
        >
          {playing ? "❚❚" : "▶"}
        </button>
        <button type="button" onMouseDown={noFocus} onClick={() => step(1)} aria-label="Next frame">
          |▶
        </button>
        <FrameReadout store={store} fps={fps} frames={frames} />
        <span className="video-speed" aria-label="Playback speed">
          {speed}×
        </span>
        <span className="video-zoom">
          <button
            type="button"
            onMouseDown={noFocus}
            onClick={() => changeZoom(-1)}
            aria-label="Zoom timeline out"
          >
            −
          </button>
          <span aria-label="Timeline zoom">{zoom}×</span>
          <button
            type="button"
            onMouseDown={noFocus}
            onClick={() => changeZoom(1)}
            aria-label="Zoom timeline in"
          >
            +
          </button>
        </span>
        {info.fps === null && (
          <span className="hint">
            <Text value={`Frame rate unknown: counting frames at ${ASSUMED_FPS} fps`} />
          </span>
        )}
      </div>
      <Timeline
        fps={fps}
        frames={frames}
        zoom={zoom}
        store={store}
        seekFrame={seekFrame}
        onZoom={changeZoom}
        hostRef={setTimeline}
      />
    </div>
  );
}

function FrameReadout({ store, fps, frames }: { store: FrameStore; fps: number; frames: number }) {
  const frame = useFrame(store);
  return (
    <span className="video-readout" data-testid="frame-readout">
      Frame {frame} of 0–{frames - 1} · {formatFrame(frame, fps)} · {Math.round(fps * 100) / 100} fps
    </span>
  );
}

interface TimelineProps {
  fps: number;
  frames: number;
  zoom: number;
  store: FrameStore;
  seekFrame: (n: number) => void;
  onZoom: (direction: -1 | 1) => void;
  hostRef: (el: HTMLElement | null) => void;
}

/** The ruler, the rows layers add, and the playhead; click or drag anywhere on it to seek. */
function Timeline({ fps, frames, zoom, store, seekFrame, onZoom, hostRef }: TimelineProps) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const innerRef = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(1, entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const frameOfPointer = (e: ReactPointerEvent) => {
    const rect = innerRef.current!.getBoundingClientRect();
    return Math.floor(((e.clientX - rect.left) / Math.max(1, rect.width)) * frames);
  };
  const onPointerDown = (e: ReactPointerEvent) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    seekFrame(frameOfPointer(e));
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    if (e.buttons & 1 && e.currentTarget.hasPointerCapture?.(e.pointerId)) seekFrame(frameOfPointer(e));
  };

  const pxPerSecond = (width * zoom * fps) / Math.max(1, frames);
  const stepFrames = tickStep(fps, pxPerSecond);
  const ticks: number[] = [];
  for (let f = 0; f < frames; f += stepFrames) ticks.push(f);

  return (
    <div
      ref={scrollRef}
      className="video-timeline"
      data-testid="video-timeline"
      onWheel={(e) => {
        if (e.ctrlKey) {
          e.preventDefault();
          onZoom(e.deltaY < 0 ? 1 : -1);
        }
      }}
    >
      <div
        ref={innerRef}
        className="timeline-inner"
        style={{ width: `${zoom * 100}%` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
      >
        <div className="timeline-ruler" aria-hidden="true">
          {ticks.map((f) => (
            <span key={f} className="timeline-tick" style={{ left: timelinePercent(f, frames) }}>
              {formatFrame(f, fps)}
            </span>
          ))}
        </div>
        <div ref={hostRef} className="timeline-rows" />
        <Playhead store={store} frames={frames} scrollRef={scrollRef} />
      </div>
    </div>
  );
}

/** The only part of the timeline that moves with every frame. */
function Playhead({
  store,
  frames,
  scrollRef,
}: {
  store: FrameStore;
  frames: number;
  scrollRef: React.RefObject<HTMLDivElement | null>;
}) {
  const frame = useFrame(store);
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    // Keep the playhead in view on a zoomed timeline.
    const scroller = scrollRef.current;
    const head = ref.current;
    if (!scroller || !head) return;
    const x = head.offsetLeft;
    if (x < scroller.scrollLeft || x > scroller.scrollLeft + scroller.clientWidth - 8) {
      scroller.scrollLeft = Math.max(0, x - scroller.clientWidth / 3);
    }
  }, [frame, scrollRef]);
  return (
    <div
      ref={ref}
      className="timeline-playhead"
      data-testid="playhead"
      style={{ left: timelinePercent(frame, frames), width: timelinePercent(1, frames) }}
    />
  );
}
