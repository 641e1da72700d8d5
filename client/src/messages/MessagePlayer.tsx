// Plays a message from its playback URL, inline only: no download button, no picture-in-picture,
// no casting and no context menu ("Save video as…"). The URL itself only works in this browser
// session (the server binds it to an httpOnly cookie), so a copied link is refused elsewhere.
import { type ReactElement, type RefObject, type SyntheticEvent } from 'react';
import './player.css';

export interface MessagePlayerProps {
  url: string;
  mimeType: string;
  testId: string;
  /** What is playing, for assistive technology: "Video message from Sam". */
  label: string;
  autoPlay?: boolean;
  /** The element, for a caller that reads the current time (trimming). */
  mediaRef?: RefObject<HTMLMediaElement | null>;
  className?: string;
}

const NO_DOWNLOAD = 'nodownload noremoteplayback';

const noMenu = (e: SyntheticEvent): void => e.preventDefault();

export function isAudioType(mimeType: string): boolean {
  return mimeType.startsWith('audio/');
}

export function MessagePlayer({ url, mimeType, testId, label, autoPlay = false, mediaRef, className }: MessagePlayerProps): ReactElement {
  if (isAudioType(mimeType)) {
    return (
      <audio
        ref={mediaRef as RefObject<HTMLAudioElement | null> | undefined}
        className={['msg-player', 'msg-player--audio', className ?? ''].join(' ').trim()}
        src={url}
        controls
        controlsList={NO_DOWNLOAD}
        autoPlay={autoPlay}
        preload="metadata"
        aria-label={label}
        data-testid={testId}
        onContextMenu={noMenu}
      />
    );
  }
  return (
    <video
      ref={mediaRef as RefObject<HTMLVideoElement | null> | undefined}
      className={['msg-player', className ?? ''].join(' ').trim()}
      src={url}
      controls
      controlsList={NO_DOWNLOAD}
      disablePictureInPicture
      disableRemotePlayback
      playsInline
      autoPlay={autoPlay}
      preload="metadata"
      aria-label={label}
      data-testid={testId}
      onContextMenu={noMenu}
    />
  );
}

/**
 * Watching back a take recorded in this browser (an object URL). MediaRecorder's WebM has no
 * duration, so the seek bar would not work: seeking far past the end once makes the browser find it.
 */
export function TakePlayer({ url, mimeType, testId, label }: { url: string; mimeType: string; testId: string; label: string }): ReactElement {
  const onMetadata = (e: SyntheticEvent<HTMLMediaElement>): void => {
    const el = e.currentTarget;
    if (el.duration !== Infinity) return;
    const rewind = (): void => {
      el.removeEventListener('durationchange', rewind);
      el.currentTime = 0;
    };
    el.addEventListener('durationchange', rewind);
    el.currentTime = Number.MAX_SAFE_INTEGER;
  };
  const common = { src: url, controls: true, controlsList: NO_DOWNLOAD, preload: 'metadata' as const, 'aria-label': label, 'data-testid': testId, onContextMenu: noMenu, onLoadedMetadata: onMetadata };
  return isAudioType(mimeType) ? <audio className="msg-player msg-player--audio" {...common} /> : <video className="msg-player" playsInline disablePictureInPicture {...common} />;
}
