// Plays one remote audio track through an <audio autoplay> element.
import { useEffect, useRef, type ReactElement } from 'react';
import { startPlayback } from '../media/playback.ts';

interface AudioSinkProps {
  track: MediaStreamTrack;
  participantId: string;
}

export function AudioSink({ track, participantId }: AudioSinkProps): ReactElement {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return undefined;
    audio.srcObject = new MediaStream([track]);
    startPlayback(audio, { element: 'audio', participantId });
    return () => {
      audio.srcObject = null;
    };
  }, [track, participantId]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" data-participant-id={participantId} />;
}
