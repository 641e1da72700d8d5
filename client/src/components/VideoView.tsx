// A <video> bound to one MediaStreamTrack. Always muted: sound plays through AudioSink.
import { useEffect, useRef, type ReactElement } from 'react';
import { startPlayback } from '../media/playback.ts';

interface VideoViewProps {
  track: MediaStreamTrack;
  /** Flip horizontally, as people expect of their own self view. */
  mirrored?: boolean;
  testId?: string;
  className?: string;
}

export function VideoView({ track, mirrored = false, testId, className }: VideoViewProps): ReactElement {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return undefined;
    video.srcObject = new MediaStream([track]);
    startPlayback(video, { element: 'video' });
    return () => {
      video.srcObject = null;
    };
  }, [track]);
  return (
    <video
      ref={ref}
      className={['video', mirrored ? 'video--mirrored' : '', className ?? ''].join(' ').trim()}
      data-testid={testId}
      autoPlay
      playsInline
      muted
    />
  );
}
